/**
 * Conformance: metafieldsSet as NetMargin uses it (the free-shipping threshold, a
 * `money` app-data metafield owned by currentAppInstallation, namespace "$app"), its
 * userErrors and the "$app" namespace resolution. Each case names the live capture.
 *
 * C = airhorns/shopify-draft-proxy fixtures/conformance/harry-test-heelo.myshopify.com/
 * (captures made on product owners; the validation is the mutation's, whatever the owner).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startSimulator, type Simulator } from "../simulator/server";
import { client } from "../simulator/test-client";

const SET = `mutation Set($m: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $m) {
    metafields { namespace key type value }
    userErrors { field message code elementIndex }
  }
}`;

let sim: Simulator;
let gql: ReturnType<typeof client>;
let owner: string;
let appNumber: string;
beforeAll(async () => {
  sim = await startSimulator({ generator: { seed: 12, orders: 3, preset: "eu", now: "2026-11-22T10:00:00Z" } });
  gql = client(sim);
  const r = await gql(`{ currentAppInstallation { id app { id } } }`);
  owner = r.body.data.currentAppInstallation.id;
  appNumber = (r.body.data.currentAppInstallation.app.id as string).split("/").pop()!;
});
afterAll(async () => sim?.close());

type Input = { namespace?: string; key: string; type?: string; value: string };
async function set(...inputs: Input[]) {
  const r = await gql(SET, { m: inputs.map((i) => ({ ownerId: owner, ...i })) });
  expect(r.body.errors).toBeUndefined();
  return r.body.data.metafieldsSet as { metafields: { namespace: string; key: string; type: string; value: string }[] | null; userErrors: unknown[] };
}
const money = (value: string): Input => ({ namespace: "$app", key: "free_shipping_threshold", type: "money", value });
const valueError = (message: string) => ({ metafields: [], userErrors: [{ field: ["metafields", "0", "value"], message, code: "INVALID_VALUE", elementIndex: null }] });

describe("metafieldsSet", () => {
  it("resolves $app to app--<app id>, $app:<suffix> to app--<app id>--<suffix>, and no namespace to app--<app id>", async () => {
    // Source: live capture, C/2026-04/metafield-definitions/metafields-set-delete-app-namespace-resolution.json
    // (seed.appNamespaceResolved "app--347082227713--value_namespace_…", defaultNamespaceResolved "app--347082227713";
    // appPrefixedSet / missingNamespaceSet payloads echo the resolved namespace).
    const r = await set({ namespace: "$app:tiers", key: "tier", type: "single_line_text_field", value: "gold" }, { key: "default_key", type: "single_line_text_field", value: "silver" });
    expect(r.userErrors).toEqual([]);
    expect(r.metafields!.map((m) => m.namespace)).toEqual([`app--${appNumber}--tiers`, `app--${appNumber}`]);
  });

  it("a money value is a JSON object with amount and the shop's currency_code, returned as written", async () => {
    // Source: live capture, C/2025-01/metafields/metafieldsSet-value-type-fidelity.json and products captures
    // (money values read back as {"amount":"5.99","currency_code":"CAD"} on a CAD shop).
    const r = await set(money('{"amount":"50.00","currency_code":"EUR"}'));
    expect(r).toEqual({ metafields: [{ namespace: `app--${appNumber}`, key: "free_shipping_threshold", type: "money", value: '{"amount":"50.00","currency_code":"EUR"}' }], userErrors: [] });
  });

  it("refuses malformed money values with Shopify's messages (INVALID_VALUE on [metafields, i, value], elementIndex null)", async () => {
    // Source: live capture, C/2025-01/metafields/metafields-set-input-validation.json (invalidValueMoney: {"amount":"12.00"})
    // and C/2025-01/metafields/metafieldsSet-value-type-fidelity.json (moneyBlankCurrency, moneyAmountType, moneyInvalidCurrency,
    // moneyInvalidShape "[]"): each answered `metafields: []` and one userError with elementIndex null.
    const shape = "Value must be a stringified JSON object with amount (numeric) and currency_code (string matching the shop's currency) fields.";
    expect(await set(money('{"amount":"12.00"}'))).toEqual(valueError(shape));
    expect(await set(money("[]"))).toEqual(valueError(shape));
    expect(await set(money('{"amount":"1.00","currency_code":""}'))).toEqual(valueError("Value must have a currency code."));
    expect(await set(money('{"amount":"abc","currency_code":"USD"}'))).toEqual(valueError("Value must have a numeric amount."));
    expect(await set(money('{"amount":"1.00","currency_code":"ZZZ"}'))).toEqual(valueError("Value contains an invalid currency, ZZZ."));
  });

  it("a missing type: BLANK 'Type can't be blank', metafields []", async () => {
    // Source: live capture, C/2025-01/products/metafields-set-missing-type-parity.json.
    expect(await set({ namespace: "$app", key: "untyped", value: "1" })).toEqual({
      metafields: [],
      userErrors: [{ field: ["metafields", "0", "type"], message: "Type can't be blank", code: "BLANK", elementIndex: null }],
    });
  });

  it("more than 25 inputs: LESS_THAN_OR_EQUAL_TO on [metafields], metafields null", async () => {
    // Source: live capture, C/2025-01/products/metafields-set-over-limit-parity.json.
    const inputs = Array.from({ length: 26 }, (_, i): Input => ({ namespace: "$app", key: `k${i + 10}`, type: "number_integer", value: String(i) }));
    expect(await set(...inputs)).toEqual({
      metafields: null,
      userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }],
    });
  });

  it("another app's reserved namespace: APP_NOT_AUTHORIZED on [metafields, i]", async () => {
    // Source: live capture, C/2026-04/metafield-definitions/metafields-set-delete-app-namespace-resolution.json (crossAppSet).
    expect(await set({ namespace: "app--999999999999--value_namespace", key: "tier", type: "single_line_text_field", value: "gold" })).toEqual({
      metafields: [],
      userErrors: [{ field: ["metafields", "0"], message: "Access to this namespace and key on Metafields for this resource type is not allowed.", code: "APP_NOT_AUTHORIZED", elementIndex: null }],
    });
  });

  it("key and namespace lengths: TOO_SHORT with Shopify's messages", async () => {
    // Source: live capture, C/2025-01/metafields/metafields-set-input-validation.json (shortKey, shortNamespace).
    expect(await set({ namespace: "$app", key: "k", type: "number_integer", value: "1" })).toEqual({
      metafields: [],
      userErrors: [{ field: ["metafields", "0", "key"], message: "Key is too short (minimum is 2 characters)", code: "TOO_SHORT", elementIndex: null }],
    });
    expect(await set({ namespace: "ab", key: "kk", type: "number_integer", value: "1" })).toEqual({
      metafields: [],
      userErrors: [{ field: ["metafields", "0", "namespace"], message: "Namespace is too short (minimum is 3 characters)", code: "TOO_SHORT", elementIndex: null }],
    });
  });
});

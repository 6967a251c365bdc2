/**
 * Applies a free-shipping threshold to the shop: NetMargin's automatic
 * free-shipping discount (minimum subtotal) is created once and updated afterwards,
 * and the threshold is mirrored into an app-data metafield so a theme app extension
 * can show "add X for free shipping" (`{{ app.metafields.<app ns>.free_shipping_threshold.value }}`).
 *
 * Shopify's userErrors come back as sentences a merchant understands; nothing here
 * throws for an expected failure (transport errors are results too).
 */
import { formatMoney } from "~/domain/format";
import { formatDecimal, type Money } from "~/domain/money";
import { AdminGraphqlError, type AdminGraphql } from "~/shopify/admin-client.server";
import { APP_METAFIELDS_SET_MUTATION } from "~/shopify/graphql/AppMetafieldsSetMutation";
import { FREE_SHIPPING_DISCOUNT_BY_ID_QUERY } from "~/shopify/graphql/FreeShippingDiscountByIdQuery";
import { FREE_SHIPPING_DISCOUNT_CREATE_MUTATION } from "~/shopify/graphql/FreeShippingDiscountCreateMutation";
import { FREE_SHIPPING_DISCOUNTS_QUERY } from "~/shopify/graphql/FreeShippingDiscountsQuery";
import { FREE_SHIPPING_DISCOUNT_UPDATE_MUTATION } from "~/shopify/graphql/FreeShippingDiscountUpdateMutation";
import type {
  NetMarginAppMetafieldsSetMutation,
  NetMarginAppMetafieldsSetMutationVariables,
  NetMarginFreeShippingDiscountByIdQuery,
  NetMarginFreeShippingDiscountByIdQueryVariables,
  NetMarginFreeShippingDiscountCreateMutation,
  NetMarginFreeShippingDiscountCreateMutationVariables,
  NetMarginFreeShippingDiscountsQuery,
  NetMarginFreeShippingDiscountsQueryVariables,
  NetMarginFreeShippingDiscountUpdateMutation,
  NetMarginFreeShippingDiscountUpdateMutationVariables,
} from "~/types/admin.generated";

/** Tag that marks NetMargin's discount (Shopify allows 5 tags per discount). */
export const FREE_SHIPPING_TAG = "netmargin-free-shipping";
/** App-data metafield holding the threshold (type money, owner currentAppInstallation). */
export const THRESHOLD_METAFIELD = { namespace: "$app", key: "free_shipping_threshold", type: "money" } as const;
/** App-data metafield remembering NetMargin's discount id: the discount search lags behind writes, a read by id does not. */
export const DISCOUNT_ID_METAFIELD = { namespace: "$app", key: "free_shipping_discount_id", type: "single_line_text_field" } as const;
export const FREE_SHIPPING_SEARCH = "type:free_shipping AND method:automatic";
/** The code free-shipping discounts in force (DiscountCodeFreeShipping): only customers who enter the code get them. */
export const FREE_SHIPPING_CODE_SEARCH = "type:free_shipping AND method:code AND status:active";

type Operation =
  | typeof FREE_SHIPPING_DISCOUNTS_QUERY
  | typeof FREE_SHIPPING_DISCOUNT_BY_ID_QUERY
  | typeof FREE_SHIPPING_DISCOUNT_CREATE_MUTATION
  | typeof FREE_SHIPPING_DISCOUNT_UPDATE_MUTATION
  | typeof APP_METAFIELDS_SET_MUTATION;

type Variables =
  | NetMarginFreeShippingDiscountsQueryVariables
  | NetMarginFreeShippingDiscountByIdQueryVariables
  | NetMarginFreeShippingDiscountCreateMutationVariables
  | NetMarginFreeShippingDiscountUpdateMutationVariables
  | NetMarginAppMetafieldsSetMutationVariables;

export interface ExistingFreeShippingDiscount {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  /** Decimal string in the shop currency, or null when the discount has no minimum subtotal. */
  readonly minimumSubtotal: string | null;
  /** A code discount's code (customers enter it at checkout); absent for an automatic one. */
  readonly code?: string;
}

export type ApplyFreeShippingResult =
  | {
      readonly ok: true;
      readonly action: "created" | "updated";
      readonly discountId: string;
      /** The threshold before this apply (null when NetMargin had no discount or it had no minimum subtotal). */
      readonly previous: ExistingFreeShippingDiscount | null;
      readonly metafield: { readonly namespace: string; readonly key: string; readonly value: string };
    }
  | { readonly ok: false; readonly step: "input" | "find" | "create" | "update" | "metafield"; readonly errors: readonly string[] };

type Call<T> = { ok: true; data: T } | { ok: false; errors: string[] };

async function call<T>(graphql: AdminGraphql, query: Operation, variables: Variables): Promise<Call<T>> {
  try {
    const data = await graphql<T | null | undefined>(query, variables);
    if (!data) return { ok: false, errors: ["Shopify returned no data."] };
    return { ok: true, data };
  } catch (error) {
    if (error instanceof AdminGraphqlError) return { ok: false, errors: [`Shopify rejected the request: ${error.errors.map((e) => e.message).join("; ")}`] };
    return { ok: false, errors: [`Could not reach Shopify: ${error instanceof Error ? error.message : String(error)}`] };
  }
}

interface UserError {
  readonly field?: readonly string[] | null;
  readonly code?: string | null;
  readonly message: string;
}

/**
 * Sentences for the userErrors Shopify returns on these mutations, keyed by code, or by
 * "<last field>:<code>" where the code alone is too broad (INVALID, BLANK, CONFLICT).
 * Codes and fields as captured from Shopify's live API (test/conformance/discounts.test.ts
 * and metafields.test.ts name the captures).
 */
const PLAIN_WORDS: Record<string, string> = {
  ACTIVE_PERIOD_OVERLAP: "Shopify allows only 25 automatic discounts to be active at the same time. End or delete one in Discounts, then apply again.",
  TOO_MANY_TAGS: "The discount has too many tags (Shopify allows 5). Remove one in Discounts, then apply again.",
  INVALID_COMBINES_WITH_FOR_DISCOUNT_CLASS: "A free-shipping discount cannot be combined with other shipping discounts.",
  APP_NOT_AUTHORIZED: "Shopify did not let NetMargin write its own app data (the theme's threshold). Reopen NetMargin from the Shopify admin, then apply again.",
  "endsAt:INVALID": "The discount's end date must be after its start date.",
  "startsAt:BLANK": "The discount needs a start date.",
  "title:BLANK": "The discount needs a title.",
  "greaterThanOrEqualToSubtotal:CONFLICT": "A discount can require a minimum order value or a minimum number of items, not both.",
  "greaterThanOrEqualToQuantity:CONFLICT": "A discount can require a minimum order value or a minimum number of items, not both.",
  "id:": "NetMargin's free-shipping discount no longer exists in Shopify (it may have been deleted in Discounts). Apply again to create a new one.",
};

const FIELD_WORDS: Record<string, string> = {
  title: "Discount title",
  startsAt: "Start date",
  endsAt: "End date",
  greaterThanOrEqualToSubtotal: "Minimum order value",
  minimumRequirement: "Minimum order value",
  tags: "Tags",
  id: "Discount",
  value: "Threshold value",
  ownerId: "App installation",
  type: "Value type",
  key: "Metafield key",
};

/** One sentence per userError, in words a merchant understands (the same sentence once). */
export function plainUserErrors(errors: readonly UserError[]): string[] {
  const sentences = errors.map((e) => {
    const last = [...(e.field ?? [])].reverse().find((f) => !/^\d+$/.test(f));
    const known = (last !== undefined ? PLAIN_WORDS[`${last}:${e.code ?? ""}`] : undefined) ?? (e.code ? PLAIN_WORDS[e.code] : undefined);
    if (known) return known;
    const label = last ? FIELD_WORDS[last] : undefined;
    const message = e.message.trim().replace(/\.?$/, ".");
    return label ? `${label}: ${message.charAt(0).toLowerCase()}${message.slice(1)}` : message;
  });
  return [...new Set(sentences)];
}

function isNetMargin(d: { tags?: readonly string[] | null; title: string }, title: string | undefined): boolean {
  return (d.tags ?? []).includes(FREE_SHIPPING_TAG) || (title !== undefined && d.title === title);
}

/** NetMargin's existing automatic free-shipping discount (active first), or null. */
export function pickExisting(data: NetMarginFreeShippingDiscountsQuery, title?: string): ExistingFreeShippingDiscount | null {
  const found: ExistingFreeShippingDiscount[] = [];
  for (const node of data.discountNodes.nodes) {
    const d = node.discount;
    if (d.__typename !== "DiscountAutomaticFreeShipping" || !isNetMargin(d, title)) continue;
    const mr = d.minimumRequirement;
    found.push({
      id: node.id,
      title: d.title,
      status: d.status,
      minimumSubtotal: mr && mr.__typename === "DiscountMinimumSubtotal" ? mr.greaterThanOrEqualToSubtotal.amount : null,
    });
  }
  return found.find((d) => d.status === "ACTIVE") ?? found.find((d) => d.status === "SCHEDULED") ?? found[0] ?? null;
}

/**
 * The shop's other automatic free-shipping discounts (the merchant's own, other
 * apps'), active or scheduled: Shopify gives the customer the best applicable
 * one, so a lower threshold there overrides NetMargin's.
 */
export function pickOthers(data: NetMarginFreeShippingDiscountsQuery, title?: string): ExistingFreeShippingDiscount[] {
  const out: ExistingFreeShippingDiscount[] = [];
  for (const node of data.discountNodes.nodes) {
    const d = node.discount;
    if (d.__typename !== "DiscountAutomaticFreeShipping" || isNetMargin(d, title) || (d.status !== "ACTIVE" && d.status !== "SCHEDULED")) continue;
    const mr = d.minimumRequirement;
    out.push({ id: node.id, title: d.title, status: d.status, minimumSubtotal: mr && mr.__typename === "DiscountMinimumSubtotal" ? mr.greaterThanOrEqualToSubtotal.amount : null });
  }
  return out;
}

/**
 * The shop's code free-shipping discounts in force (DiscountCodeFreeShipping, ACTIVE), with
 * their first code: a customer who enters it ships free from its minimum subtotal.
 */
export function pickCodes(data: Pick<NetMarginFreeShippingDiscountsQuery, "codeDiscounts">): ExistingFreeShippingDiscount[] {
  const out: ExistingFreeShippingDiscount[] = [];
  for (const node of data.codeDiscounts.nodes) {
    const d = node.discount;
    if (d.__typename !== "DiscountCodeFreeShipping" || d.status !== "ACTIVE") continue;
    const mr = d.minimumRequirement;
    out.push({
      id: node.id,
      title: d.title,
      status: d.status,
      minimumSubtotal: mr && mr.__typename === "DiscountMinimumSubtotal" ? mr.greaterThanOrEqualToSubtotal.amount : null,
      code: d.codes.nodes[0]?.code ?? "",
    });
  }
  return out;
}

/** Finds NetMargin's discount, and the shop's other free-shipping discounts, without changing anything (for the page's "current threshold"). */
export async function findFreeShippingDiscount(
  graphql: AdminGraphql,
  title?: string,
): Promise<
  | {
      ok: true;
      discount: ExistingFreeShippingDiscount | null;
      others: ExistingFreeShippingDiscount[];
      /** Code free-shipping discounts in force (only for customers who enter the code). */
      codes: ExistingFreeShippingDiscount[];
      currency: string;
      appInstallationId: string;
    }
  | { ok: false; errors: string[] }
> {
  const r = await call<NetMarginFreeShippingDiscountsQuery>(graphql, FREE_SHIPPING_DISCOUNTS_QUERY, { query: FREE_SHIPPING_SEARCH, codeQuery: FREE_SHIPPING_CODE_SEARCH });
  if (!r.ok) return r;
  let data = r.data;
  // A discount written moments ago is not in the search yet: read the remembered one by id.
  const rememberedId = data.currentAppInstallation.discountId?.value;
  if (rememberedId && !data.discountNodes.nodes.some((n) => n.id === rememberedId)) {
    const byId = await call<NetMarginFreeShippingDiscountByIdQuery>(graphql, FREE_SHIPPING_DISCOUNT_BY_ID_QUERY, { id: rememberedId });
    if (!byId.ok) return byId;
    // (null when the merchant deleted it: the search result stands)
    if (byId.data.discountNode) data = { ...data, discountNodes: { nodes: [byId.data.discountNode, ...data.discountNodes.nodes] } };
  }
  return {
    ok: true,
    discount: pickExisting(data, title),
    others: pickOthers(data, title),
    codes: pickCodes(data),
    currency: data.shop.currencyCode,
    appInstallationId: data.currentAppInstallation.id,
  };
}

/**
 * Creates or updates NetMargin's automatic free-shipping discount with minimum
 * subtotal `threshold` (shop currency; Shopify compares it with the cart subtotal
 * as app/domain/free-shipping.ts describes), then writes the threshold metafield.
 * An update sends only the minimum requirement (and the title when given), so the
 * merchant's own edits (dates, destinations, combinations) stay; an EXPIRED discount
 * is restarted at `now` without an end date, since "apply" means "in force now".
 * A scheduled one keeps its start date.
 */
export async function applyFreeShippingThreshold(
  graphql: AdminGraphql,
  options: { readonly threshold: Money; readonly title?: string; readonly now: Date },
): Promise<ApplyFreeShippingResult> {
  const { threshold } = options;
  if (!Number.isSafeInteger(threshold.amount) || threshold.amount <= 0) {
    return { ok: false, step: "input", errors: ["The free-shipping threshold must be greater than 0."] };
  }
  const found = await findFreeShippingDiscount(graphql, options.title);
  if (!found.ok) return { ok: false, step: "find", errors: found.errors };
  if (found.currency !== threshold.currency) {
    return { ok: false, step: "input", errors: [`The threshold is in ${threshold.currency} but the shop sells in ${found.currency}.`] };
  }
  const amount = formatDecimal(threshold.amount, threshold.currency);
  const minimumRequirement = { subtotal: { greaterThanOrEqualToSubtotal: amount } };

  let discountId: string;
  let action: "created" | "updated";
  if (found.discount) {
    const r = await call<NetMarginFreeShippingDiscountUpdateMutation>(graphql, FREE_SHIPPING_DISCOUNT_UPDATE_MUTATION, {
      id: found.discount.id,
      discount: {
        minimumRequirement,
        ...(options.title !== undefined ? { title: options.title } : {}),
        // An expired discount would take the new threshold and still not apply: restart it now, open-ended.
        ...(found.discount.status === "EXPIRED" ? { startsAt: options.now.toISOString(), endsAt: null } : {}),
      },
    });
    if (!r.ok) return { ok: false, step: "update", errors: r.errors };
    const payload = r.data.discountAutomaticFreeShippingUpdate;
    if (!payload || payload.userErrors.length > 0 || !payload.automaticDiscountNode) {
      return { ok: false, step: "update", errors: payload ? plainUserErrors(payload.userErrors) : ["Shopify did not update the discount."] };
    }
    discountId = payload.automaticDiscountNode.id;
    action = "updated";
  } else {
    const r = await call<NetMarginFreeShippingDiscountCreateMutation>(graphql, FREE_SHIPPING_DISCOUNT_CREATE_MUTATION, {
      discount: {
        // Customers read the title at checkout: the amount as the admin writes it ("€60.00", not "60.00 EUR").
        title: options.title ?? `Free shipping from ${formatMoney(threshold.amount, threshold.currency)}`,
        startsAt: options.now.toISOString(),
        endsAt: null,
        minimumRequirement,
        destination: { all: true },
        combinesWith: { productDiscounts: true, orderDiscounts: true, shippingDiscounts: false },
        appliesOnOneTimePurchase: true,
        appliesOnSubscription: false,
        tags: [FREE_SHIPPING_TAG],
      },
    });
    if (!r.ok) return { ok: false, step: "create", errors: r.errors };
    const payload = r.data.discountAutomaticFreeShippingCreate;
    if (!payload || payload.userErrors.length > 0 || !payload.automaticDiscountNode) {
      return { ok: false, step: "create", errors: payload ? plainUserErrors(payload.userErrors) : ["Shopify did not create the discount."] };
    }
    discountId = payload.automaticDiscountNode.id;
    action = "created";
  }

  const value = JSON.stringify({ amount, currency_code: threshold.currency });
  const m = await call<NetMarginAppMetafieldsSetMutation>(graphql, APP_METAFIELDS_SET_MUTATION, {
    metafields: [
      { ownerId: found.appInstallationId, namespace: THRESHOLD_METAFIELD.namespace, key: THRESHOLD_METAFIELD.key, type: THRESHOLD_METAFIELD.type, value },
      { ownerId: found.appInstallationId, namespace: DISCOUNT_ID_METAFIELD.namespace, key: DISCOUNT_ID_METAFIELD.key, type: DISCOUNT_ID_METAFIELD.type, value: discountId },
    ],
  });
  if (!m.ok) return { ok: false, step: "metafield", errors: m.errors };
  const mp = m.data.metafieldsSet;
  const written = mp?.metafields?.[0];
  if (!mp || mp.userErrors.length > 0 || !written) {
    return {
      ok: false,
      step: "metafield",
      errors: [
        `The discount was ${action}, but the theme's threshold could not be saved: ${(mp ? plainUserErrors(mp.userErrors) : ["Shopify returned nothing."]).join(" ")}`,
      ],
    };
  }
  return { ok: true, action, discountId, previous: found.discount, metafield: { namespace: written.namespace, key: written.key, value: written.value } };
}

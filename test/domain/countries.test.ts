/**
 * Countries as a merchant types them (issue 17, item 5: the pack simulator's "Ships to"),
 * checked against Shopify's own list in the app's Admin API schema.
 */
import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { SHOPIFY_COUNTRY_CODES, findCountry } from "~/domain/countries";

describe("SHOPIFY_COUNTRY_CODES", () => {
  it("is the 2026-10 schema's CountryCode enum without ZZ (Unknown Region)", () => {
    const types = readFileSync("app/types/admin.types.d.ts", "utf8");
    const block = /export enum CountryCode \{([\s\S]*?)\n\}/.exec(types)?.[1] ?? "";
    const codes = [...block.matchAll(/= '([A-Z]{2})'/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(200);
    expect(codes).toContain("ZZ");
    expect([...SHOPIFY_COUNTRY_CODES]).toEqual(codes.filter((c) => c !== "ZZ"));
  });
});

describe("findCountry", () => {
  it("reads a code or a name, in any case and without accents", () => {
    expect(findCountry("FR")).toBe("FR");
    expect(findCountry(" de ")).toBe("DE");
    expect(findCountry("France")).toBe("FR");
    expect(findCountry("germany")).toBe("DE");
    expect(findCountry("cote d'ivoire")).toBe("CI");
    expect(findCountry("United Kingdom")).toBe("GB");
    // A name in the admin's language, else English.
    expect(findCountry("Allemagne", "fr")).toBe("DE");
    expect(findCountry("Germany", "fr")).toBe("DE");
  });

  it("is null for what is not a country Shopify ships to", () => {
    expect(findCountry("")).toBeNull();
    expect(findCountry("Narnia")).toBeNull();
    // Two letters that are no country, Shopify's "Unknown Region", the European Union, three letters.
    expect(findCountry("XX")).toBeNull();
    expect(findCountry("ZZ")).toBeNull();
    expect(findCountry("EU")).toBeNull();
    expect(findCountry("FRA")).toBeNull();
  });
});

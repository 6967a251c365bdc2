/**
 * Countries as a merchant types them: Shopify's country codes and their names.
 *
 * Pure module (Intl only).
 */

/**
 * Shopify's CountryCode enum (Admin API 2026-10 schema, app/types/admin.types.d.ts
 * `enum CountryCode`; test/domain/countries.test.ts checks the two agree), without ZZ,
 * which Shopify documents as "Unknown Region" and no parcel ships to.
 */
export const SHOPIFY_COUNTRY_CODES: readonly string[] = [
  "AC", "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AN", "AO", "AR", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE",
  "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD",
  "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
  "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG",
  "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE",
  "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR",
  "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG",
  "MK", "ML", "MM", "MN", "MO", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG",
  "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PS", "PT", "PY",
  "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO",
  "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TA", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
  "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VN", "VU", "WF", "WS", "XK", "YE",
  "YT", "ZA", "ZM", "ZW",
];

const KNOWN = new Set(SHOPIFY_COUNTRY_CODES);

/** Lower case without accents or punctuation, for comparing what was typed with a name ("Côte d’Ivoire" = "cote d ivoire"). */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const namesByLocale = new Map<string, Map<string, string>>();

/** Folded country name → code, in `locale` and in English. */
function names(locale: string): Map<string, string> {
  let map = namesByLocale.get(locale);
  if (map) return map;
  map = new Map();
  for (const loc of [locale, "en"]) {
    let display: Intl.DisplayNames;
    try {
      display = new Intl.DisplayNames([loc], { type: "region", fallback: "none" });
    } catch {
      continue;
    }
    for (const code of SHOPIFY_COUNTRY_CODES) {
      const name = display.of(code);
      if (name && !map.has(fold(name))) map.set(fold(name), code);
    }
  }
  namesByLocale.set(locale, map);
  return map;
}

/**
 * The country a merchant typed, by its two-letter code ("fr", "FR") or its name in
 * `locale` or English ("France", "germany", "Côte d’Ivoire"); null when it is neither.
 */
export function findCountry(text: string, locale = "en"): string | null {
  const t = text.trim();
  if (t === "") return null;
  if (/^[A-Za-z]{2}$/.test(t)) {
    const code = t.toUpperCase();
    return KNOWN.has(code) ? code : null;
  }
  return names(locale).get(fold(t)) ?? null;
}

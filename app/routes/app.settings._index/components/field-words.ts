/**
 * A settings field's path ("versions[0].settings.shipping.rules[2].cost") in the words the
 * page uses ("Version 1, shipping rule 3, cost"): messages name fields as merchants see them,
 * never as the file's keys (issue 17, item 3).
 */

/** Keys as the page's labels call them; an unlisted key is split into words ("perHour" → "per hour"). */
const KEY_WORDS: Readonly<Record<string, string>> = {
  settings: "",
  costOfGoods: "cost of goods",
  missingCost: "when a unit cost is missing",
  shipping: "shipping",
  rules: "shipping rule",
  defaultCost: "default cost",
  packagingWeightGrams: "packaging weight per parcel",
  unknownDestinationCountry: "country for hidden destinations",
  minWeightGrams: "from weight",
  maxWeightGrams: "up to weight",
  packaging: "packaging",
  perParcel: "per parcel",
  labour: "labour",
  perOrder: "per order",
  perItem: "per item",
  paymentFees: "payment fees",
  gateways: "gateway",
  fixed: "fixed fee",
  fixedCosts: "fixed costs",
  items: "fixed cost",
  allocation: "spread by",
  monthlyAmount: "monthly amount",
  provisions: "provisions",
  returnsPercent: "returns",
  fraudPercent: "fraud and chargebacks",
  spoilagePercent: "spoilage and markdown",
  thresholds: "flag thresholds",
  thinMarginPercent: "thin margin below",
  shippingHeavyPercent: "shipping-heavy above",
  carrying: "stock carrying cost",
  storage: "storage",
  kind: "storage charged as",
  perSquareMetre: "price per m² a month",
  squareMetres: "area",
  perUnitPerMonth: "price per unit a month",
  spread: "storage spread by",
  capitalAnnualPercent: "yearly rate",
  capitalSource: "rate of",
  stockHealth: "stock health",
  shortWindowDays: "short sales window",
  longWindowDays: "long sales window",
  minInStockDays: "days in stock the short window needs",
  leadTimeDays: "supplier lead time",
  safetyDays: "safety days",
  targetCoverDays: "target cover",
  deadAfterDays: "dead stock after",
  newForDays: "new for",
  versions: "version",
  effectiveFrom: "in force from",
  from: "in force from",
  savedAt: "saved on",
  countries: "country",
  services: "service",
  csv: "the file",
  mode: "import mode",
};

function words(key: string): string {
  return KEY_WORDS[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** "shipping.rules[2].cost" → "Shipping rule 3, cost"; "line 4" → "Line 4"; "" → "". */
export function fieldWords(path: string): string {
  const parts: string[] = [];
  for (const token of path.split(/\.|(?=\[)/)) {
    const index = /^\[(\d+)\]$/.exec(token);
    if (index) {
      // A list item is numbered from 1 after its list's singular word ("shipping rule 3").
      const n = Number(index[1]) + 1;
      if (parts.length > 0) parts[parts.length - 1] = `${parts[parts.length - 1]} ${n}`;
      else parts.push(`item ${n}`);
      continue;
    }
    const w = words(token.trim());
    if (w !== "") parts.push(w);
  }
  // "shipping, shipping rule 3" reads twice: a section named again by its list is said once.
  const merged = parts.filter((p, i) => !(i + 1 < parts.length && parts[i + 1]!.startsWith(`${p} `)));
  const text = merged.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

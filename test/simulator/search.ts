/**
 * Shopify search syntax (the `query:` argument of connections), as far as NetMargin
 * uses it: `field:value`, comparators `:>`, `:>=`, `:<`, `:<=`, quoted values ('…' or
 * "…"), implicit and explicit AND, OR, NOT / leading "-", parentheses and trailing `*`
 * prefix wildcards. Date-only values are read in the shop's time zone. Unknown fields
 * are ignored and reported as Shopify does, in `extensions.search[].warnings`
 * ("Invalid search field for this query.").
 */

export type SearchValue = string | number | boolean | null | readonly string[] | { date: string | null };

export type SearchNode =
  | { kind: "and"; children: SearchNode[] }
  | { kind: "or"; children: SearchNode[] }
  | { kind: "not"; child: SearchNode }
  | { kind: "term"; field: string | null; comparator: ":" | ">" | ">=" | "<" | "<="; value: string; raw: string };

export interface SearchWarning {
  field: string;
  message: string;
  code?: string;
}

export interface ResourceSearch<T> {
  /** Field name → value of the item (dates as `{ date }`, ids as numbers). */
  fields: Record<string, (item: T) => SearchValue>;
  /** Text matched by terms without a field. */
  text?: (item: T) => string[];
  /** Field aliases (e.g. discount_type → type). */
  aliases?: Record<string, string>;
}

// ------------------------------------------------------------------ parsing

type Token = { t: "word"; v: string; quoted: boolean } | { t: "("} | { t: ")" };

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      out.push({ t: c });
      i++;
      continue;
    }
    // a word: runs until whitespace or a parenthesis outside quotes; quotes may start mid-word (field:'value')
    let v = "";
    let quoted = false;
    while (i < input.length && !/\s/.test(input[i]!) && input[i] !== "(" && input[i] !== ")") {
      const ch = input[i]!;
      if (ch === "'" || ch === '"') {
        const end = input.indexOf(ch, i + 1);
        const stop = end < 0 ? input.length : end;
        v += input.slice(i + 1, stop);
        quoted = true;
        i = stop + 1;
        continue;
      }
      if (ch === "\\" && i + 1 < input.length) {
        v += input[i + 1];
        i += 2;
        continue;
      }
      v += ch;
      i++;
    }
    out.push({ t: "word", v, quoted });
  }
  return out;
}

export function parseSearchQuery(input: string | null | undefined): SearchNode | null {
  if (input == null || input.trim() === "") return null;
  const tokens = tokenize(input);
  let pos = 0;
  const peekWord = (w: string) => {
    const tk = tokens[pos];
    return tk?.t === "word" && !tk.quoted && tk.v === w;
  };
  const parseOr = (): SearchNode => {
    const children = [parseAnd()];
    while (peekWord("OR")) {
      pos++;
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: "or", children };
  };
  const parseAnd = (): SearchNode => {
    const children = [parseUnary()];
    while (pos < tokens.length && tokens[pos]!.t !== ")" && !peekWord("OR")) {
      if (peekWord("AND")) {
        pos++;
        continue;
      }
      children.push(parseUnary());
    }
    return children.length === 1 ? children[0]! : { kind: "and", children };
  };
  const parseUnary = (): SearchNode => {
    const tk = tokens[pos];
    if (!tk) return { kind: "and", children: [] };
    if (tk.t === "(") {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.t === ")") pos++;
      return inner;
    }
    if (tk.t === ")") {
      pos++;
      return { kind: "and", children: [] };
    }
    if (!tk.quoted && tk.v === "NOT") {
      pos++;
      return { kind: "not", child: parseUnary() };
    }
    pos++;
    if (!tk.quoted && tk.v.startsWith("-") && tk.v.length > 1) return { kind: "not", child: parseTerm(tk.v.slice(1), tk.quoted) };
    return parseTerm(tk.v, tk.quoted);
  };
  const root = parseOr();
  return root;
}

function parseTerm(word: string, quoted: boolean): SearchNode {
  const colon = quoted && !/^[a-z_]+:/i.test(word) ? -1 : word.indexOf(":");
  if (colon <= 0) return { kind: "term", field: null, comparator: ":", value: word, raw: word };
  const field = word.slice(0, colon).toLowerCase();
  let rest = word.slice(colon + 1);
  let comparator: ":" | ">" | ">=" | "<" | "<=" = ":";
  for (const c of [">=", "<=", ">", "<"] as const) {
    if (rest.startsWith(c)) {
      comparator = c;
      rest = rest.slice(c.length);
      break;
    }
  }
  return { kind: "term", field, comparator, value: rest, raw: word };
}

// ------------------------------------------------------------------ evaluation

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset (minutes east of UTC) of `timeZone` at instant `ms`. */
function zoneOffsetMinutes(ms: number, timeZone: string): number {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - ms) / 60000);
}

/** Parses a search date: full timestamps as given, date-only values at midnight in the shop zone. */
export function parseSearchDate(value: string, timeZone: string, nowMs: number): { start: number; end: number } | null {
  const v = value.trim();
  if (v.toLowerCase() === "now") return { start: nowMs, end: nowMs };
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (dateOnly) {
    const utcMidnight = Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]));
    const start = utcMidnight - zoneOffsetMinutes(utcMidnight, timeZone) * 60000;
    return { start, end: start + 86_400_000 };
  }
  // timestamps without a zone are read in the shop zone too
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(v);
  const ms = Date.parse(hasZone ? v : `${v}Z`);
  if (!Number.isFinite(ms)) return null;
  const start = hasZone ? ms : ms - zoneOffsetMinutes(ms, timeZone) * 60000;
  return { start, end: start + 1000 };
}

export interface SearchContext {
  timeZone: string;
  nowMs: number;
}

export interface CompiledSearch<T> {
  matches: (item: T) => boolean;
  warnings: SearchWarning[];
  parsed: SearchNode | null;
}

export function compileSearch<T>(query: string | null | undefined, resource: ResourceSearch<T>, ctx: SearchContext): CompiledSearch<T> {
  const parsed = parseSearchQuery(query);
  const warnings: SearchWarning[] = [];
  if (!parsed) return { matches: () => true, warnings, parsed };

  const build = (node: SearchNode): ((item: T) => boolean) => {
    switch (node.kind) {
      case "and": {
        const fs = node.children.map(build);
        return (x) => fs.every((f) => f(x));
      }
      case "or": {
        const fs = node.children.map(build);
        return (x) => fs.some((f) => f(x));
      }
      case "not": {
        const f = build(node.child);
        return (x) => !f(x);
      }
      case "term":
        return buildTerm(node);
    }
  };

  const buildTerm = (term: Extract<SearchNode, { kind: "term" }>): ((item: T) => boolean) => {
    if (term.field === null) {
      const needle = term.value.replace(/\*$/, "").toLowerCase();
      if (!resource.text || needle === "") return () => true;
      return (x) => resource.text!(x).some((s) => s.toLowerCase().includes(needle));
    }
    const fieldName = resource.aliases?.[term.field] ?? term.field;
    const getter = resource.fields[fieldName];
    if (!getter) {
      if (!warnings.some((w) => w.field === term.field)) warnings.push({ field: term.field, message: "Invalid search field for this query." });
      return () => true;
    }
    const raw = term.value;
    const dates = new Map<string, { start: number; end: number } | null>();
    const dateRange = (v: string) => {
      if (!dates.has(v)) dates.set(v, parseSearchDate(v, ctx.timeZone, ctx.nowMs));
      return dates.get(v)!;
    };
    return (x) => compare(getter(x), term.comparator, raw, dateRange);
  };

  return { matches: build(parsed), warnings, parsed };
}

function compare(actual: SearchValue, cmp: ":" | ">" | ">=" | "<" | "<=", raw: string, dateRange: (v: string) => { start: number; end: number } | null): boolean {
  if (actual === null) return raw === "" || raw.toLowerCase() === "null";
  if (typeof actual === "object" && !Array.isArray(actual) && "date" in actual) {
    const d = (actual as { date: string | null }).date;
    if (d === null) return false;
    const range = dateRange(raw);
    if (!range) return false;
    const t = Date.parse(d);
    switch (cmp) {
      case ":":
        return t >= range.start && t < range.end;
      case ">":
        return t >= range.end;
      case ">=":
        return t >= range.start;
      case "<":
        return t < range.start;
      case "<=":
        return t < range.end;
    }
  }
  if (Array.isArray(actual)) {
    const needle = raw.toLowerCase();
    return actual.some((s) => matchString(String(s), needle));
  }
  if (typeof actual === "boolean") {
    const v = raw.toLowerCase();
    return cmp === ":" && (v === "true" || v === "false") && (v === "true") === actual;
  }
  if (typeof actual === "number") {
    const m = /(\d+(?:\.\d+)?)$/.exec(raw.trim());
    if (!m) return false;
    const n = Number(m[1]);
    switch (cmp) {
      case ":":
        return actual === n;
      case ">":
        return actual > n;
      case ">=":
        return actual >= n;
      case "<":
        return actual < n;
      case "<=":
        return actual <= n;
    }
  }
  const s = String(actual).toLowerCase();
  const v = raw.toLowerCase();
  switch (cmp) {
    case ":":
      return matchString(s, v);
    case ">":
      return s > v;
    case ">=":
      return s >= v;
    case "<":
      return s < v;
    case "<=":
      return s <= v;
  }
}

function matchString(actual: string, needle: string): boolean {
  const a = actual.toLowerCase();
  if (needle.endsWith("*")) return a.startsWith(needle.slice(0, -1));
  return a === needle;
}

/** The `parsed` structure Shopify echoes in `extensions.search` (simplified). */
export function describeParsed(node: SearchNode | null): unknown {
  if (!node) return null;
  switch (node.kind) {
    case "and":
      return { and: node.children.map(describeParsed) };
    case "or":
      return { or: node.children.map(describeParsed) };
    case "not":
      return { not: describeParsed(node.child) };
    case "term": {
      if (node.field === null) return { field: "default", match_all: node.value };
      const key = { ":": "match_all", ">": "range_gt", ">=": "range_gte", "<": "range_lt", "<=": "range_lte" }[node.comparator];
      return { field: node.field, [key]: node.value };
    }
  }
}

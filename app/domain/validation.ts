/**
 * Typed validation results shared by the settings, unit-cost and order parsers:
 * every problem with the JSON path it concerns, all at once.
 */
import { type z } from "zod";

export interface Issue {
  /** JSON path in dotted/bracket form: "versions[0].settings.shipping.rules[2].cost"; "" for the root. */
  readonly path: string;
  readonly message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Issue[] };

/** ["lineItems", "nodes", 0, "quantity"] → "lineItems.nodes[0].quantity". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else {
      const name = String(key);
      out += /^[A-Za-z_$][\w$]*$/.test(name) ? (out === "" ? name : `.${name}`) : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

/** Prefixes a path: joinPath("versions[0]", "settings.currency"). */
export function joinPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** Converts zod issues (including unrecognised keys, one issue per key) to `Issue`s. */
export function issuesFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: formatPath([...prefix, ...issue.path, key]), message: "unknown field" });
      }
      continue;
    }
    out.push({ path: formatPath([...prefix, ...issue.path]), message: issue.message });
  }
  return out;
}

/**
 * Re-reports a nested parse's issues inside a transform/refinement (paths are kept
 * relative to the value being transformed), so hand-dispatched shapes keep precise
 * messages instead of one vague "invalid union".
 */
export function forwardIssues(ctx: z.RefinementCtx, error: z.ZodError): void {
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) ctx.addIssue({ code: "custom", message: "unknown field", path: [...issue.path, key] });
    } else {
      ctx.addIssue({ code: "custom", message: issue.message, path: [...issue.path] });
    }
  }
}

/** "lineItems.nodes[0].quantity: expected a number (and 2 more problems)": one line for a CLI. */
export function summariseIssues(errors: readonly Issue[]): string {
  const first = errors[0];
  if (!first) return "invalid input";
  const head = first.path === "" ? first.message : `${first.path}: ${first.message}`;
  const more = errors.length - 1;
  return more > 0 ? `${head} (and ${more} more problem${more === 1 ? "" : "s"})` : head;
}

/**
 * The path of the first text in a JSON value holding a NUL character (U+0000), or
 * null when there is none: PostgreSQL text cannot store one.
 */
export function nulCharacterPath(value: unknown, path: readonly PropertyKey[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? formatPath(path) : null;
  if (typeof value !== "object" || value === null) return null;
  const entries: [PropertyKey, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const found = nulCharacterPath(v, [...path, k]);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The first text in a JSON value that is not well-formed Unicode (a lone UTF-16
 * surrogate: valid JSON as "\ud800", but not text any database client can encode),
 * as an Issue naming where; null when every text is well-formed.
 */
export function malformedTextIssue(value: unknown, path: readonly PropertyKey[] = []): Issue | null {
  if (typeof value === "string") {
    // With the u flag a surrogate pair is one code point; only a lone surrogate is in Cs.
    return !/\p{Cs}/u.test(value) ? null : { path: formatPath(path), message: "contains a character that is not text (a lone UTF-16 surrogate, \\ud800–\\udfff): type it again" };
  }
  if (typeof value !== "object" || value === null) return null;
  const entries: [PropertyKey, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const found = malformedTextIssue(v, [...path, k]);
    if (found !== null) return found;
  }
  return null;
}

/**
 * A page's choice parameters read from its query string: `pick(name, allowed, fallback)`
 * gives the value when it is one of `allowed`, the fallback when absent or empty, and
 * otherwise records an issue naming the parameter in `errors` (and gives the fallback).
 */
export function choicePicker(search: URLSearchParams, errors: Issue[]) {
  return <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const v = search.get(name);
    if (v === null || v === "") return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    errors.push({ path: name, message: "not one of the choices offered" });
    return fallback;
  };
}

/**
 * Tiny Admin GraphQL client for the simulator tests (plain fetch, no retries), plus
 * the tests' own decimal parser (independent of model.ts) for money arithmetic.
 */
import type { Simulator } from "./server";

export interface GqlResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  headers: Headers;
  body: { data?: T; errors?: any; extensions?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function client(sim: Pick<Simulator, "graphqlUrl" | "accessToken">) {
  return async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, opts: { token?: string | null; operationName?: string } = {}): Promise<GqlResponse<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const headers: Record<string, string> = { "content-type": "application/json" };
    const token = opts.token === undefined ? sim.accessToken : opts.token;
    if (token !== null) headers["x-shopify-access-token"] = token;
    const res = await fetch(sim.graphqlUrl, { method: "POST", headers, body: JSON.stringify({ query, variables, operationName: opts.operationName }) });
    const text = await res.text();
    let body: GqlResponse<T>["body"];
    try {
      body = JSON.parse(text) as GqlResponse<T>["body"];
    } catch {
      body = { errors: text };
    }
    return { status: res.status, headers: res.headers, body };
  };
}

/** "12.5" / "-3" / "1250.0" → integer minor units with `digits` decimals (test-side parser). */
export function cents(amount: string, digits = 2): number {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) throw new Error(`not a decimal: ${amount}`);
  const frac = (m[3] ?? "").padEnd(digits, "0");
  if (frac.length > digits && /[1-9]/.test(frac.slice(digits))) throw new Error(`too many decimals: ${amount}`);
  const v = Number(m[2]) * 10 ** digits + (digits ? Number(frac.slice(0, digits)) : 0);
  return m[1] ? -v : v;
}

/** Half-up rounding of a non-negative or negative amount, test-side. */
export function roundHalfUp(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

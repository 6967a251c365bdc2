import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { openApp } from "../helpers/app";

const enqueued = vi.hoisted(() => [] as string[]);
vi.mock("~/jobs/runtime.server", async () => (await import("../helpers/app")).runtimeMock(enqueued));

/**
 * Issue 16, defect 7: documents served without `?shop=` (/, /auth/login, ...) had
 * no frame-ancestors and no X-Frame-Options, so any site could frame them
 * (clickjacking). Every document response now carries frame-ancestors: the shop
 * and Shopify's admin when the request names a valid shop (shopify-app-remix's
 * addDocumentResponseHeaders), `'none'` plus `X-Frame-Options: DENY` otherwise.
 * And in production no error body carries a secret or a stack trace.
 *
 * The app's own entry.server.tsx and root.tsx (with its ErrorBoundary) and its
 * landing and login routes are served by Remix's request handler in production
 * mode, as remix-serve runs the build; a page and two failing routes are the test's.
 */

const SECRET = "test-api-secret-do-not-leak";
let handle: (request: Request) => Promise<Response>;
let close: (() => Promise<void>) | undefined;

const page = { default: () => createElement("p", null, "a page") };
const failing = {
  loader: () => {
    throw new Error(`database password ${SECRET} rejected`);
  },
  default: () => createElement("p", null, "never rendered"),
};
const failingResource = {
  loader: () => {
    throw new Error(`token ${SECRET} expired`);
  },
};

beforeAll(async () => {
  ({ close } = await openApp({ apiSecret: SECRET }));
  const modules: Record<string, { path?: string; index?: true; module: Record<string, unknown> }> = {
    "routes/_index": { index: true, module: await import("~/routes/_index/route") },
    "routes/auth.login": { path: "auth/login", module: await import("~/routes/auth.login/route") },
    "routes/page": { path: "page", module: page },
    "routes/failing": { path: "failing", module: failing },
    "routes/failing.json": { path: "failing.json", module: failingResource },
  };
  const root = await import("~/root");
  const entry = await import("~/entry.server");
  const routes: ServerBuild["routes"] = {
    root: { id: "root", path: "", module: root as never },
    ...Object.fromEntries(
      Object.entries(modules).map(([id, r]) => [id, { id, parentId: "root", path: r.path, index: r.index, module: r.module as never }]),
    ),
  };
  const manifestRoute = (id: string, m: Record<string, unknown>, r: { path?: string; index?: true; parentId?: string }) => ({
    id,
    ...r,
    module: `/assets/${id}.js`,
    imports: [],
    css: [],
    hasAction: "action" in m,
    hasLoader: "loader" in m,
    hasClientAction: false,
    hasClientLoader: false,
    hasErrorBoundary: "ErrorBoundary" in m,
  });
  const build: ServerBuild = {
    mode: "production",
    entry: { module: entry as never },
    routes,
    assets: {
      entry: { module: "/assets/entry.client.js", imports: [] },
      routes: {
        root: manifestRoute("root", root, { path: "" }),
        ...Object.fromEntries(Object.entries(modules).map(([id, r]) => [id, manifestRoute(id, r.module, { path: r.path, index: r.index, parentId: "root" })])),
      },
      url: "/assets/manifest.js",
      version: "test",
    },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true, v3_routeConfig: true } as never,
    isSpaMode: false,
  };
  const handler = createRequestHandler(build, "production");
  handle = (request) => handler(request);
});

afterAll(async () => {
  await close?.();
});

const get = (path: string) => handle(new Request(`https://netmargin.example.com${path}`, { headers: { Accept: "text/html" } }));

function expectNotFramable(response: Response) {
  expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
  expect(response.headers.get("Content-Security-Policy")).toBe("frame-ancestors 'none';");
  expect(response.headers.get("X-Frame-Options")).toBe("DENY");
}

describe("every document response says who may frame it", () => {
  it.each(["/", "/auth/login", "/page"])("%s without ?shop=: frame-ancestors 'none' and X-Frame-Options DENY", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expectNotFramable(response);
  });

  it("a page opened by a shop may be framed by that shop and Shopify's admin only", async () => {
    const response = await get("/page?shop=alpha.myshopify.com&host=YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvYWxwaGE");
    expect(response.status).toBe(200);
    const csp = response.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toMatch(/^frame-ancestors https:\/\/alpha\.myshopify\.com https:\/\/admin\.shopify\.com[ ;]/);
    expect(response.headers.get("X-Frame-Options")).toBeNull();
  });

  it("a ?shop= that is not a shop domain is no shop: 'none'", async () => {
    const response = await get("/page?shop=evil.example.com");
    expectNotFramable(response);
  });

  it("the 404 page", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // Remix logs the unmatched URL
    const response = await get("/no-such-page");
    expect(response.status).toBe(404);
    expectNotFramable(response);
  });
});

describe("in production no error body carries a secret or a stack trace", () => {
  it("a page whose loader throws: the error page, no message, no stack", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = await get("/failing");
    expect(response.status).toBe(500);
    expectNotFramable(response);
    const body = await response.text();
    expect(body).toContain("Something went wrong");
    expect(body).not.toContain(SECRET);
    expect(body).not.toMatch(/\n\s+at |\.tsx?:\d+|node_modules/);
    expect(logged).toHaveBeenCalled(); // the server's log has it
  });

  it("a resource route that throws", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const response = await get("/failing.json");
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain(SECRET);
    expect(body).not.toMatch(/\n\s+at |\.tsx?:\d+|node_modules/);
  });
});

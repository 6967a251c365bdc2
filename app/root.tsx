import type { LinksFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
} from "@remix-run/react";

/** Page names by route: every page gets a title in the browser tab and history ("Products · NetMargin"). */
const PAGE_NAMES: Record<string, string> = {
  "routes/app._index": "Home",
  "routes/app.products._index": "Products",
  "routes/app.orders._index": "Orders",
  "routes/app.planner": "Free shipping",
  "routes/app.promotions": "Promotions",
  "routes/app.settings._index": "Settings",
  "routes/app.unit-costs": "Unit costs to enter",
  "routes/auth.login": "Log in",
};

/** The page's own name where it has one (a product's title, an order's name), else the route's. */
export function pageTitle(routeId: string | undefined, data: unknown): string {
  const d = (data ?? {}) as { product?: { title?: unknown } | null; margin?: { orderName?: unknown } | null };
  let name: string | undefined;
  if (routeId === "routes/app.products.$id") name = typeof d.product?.title === "string" ? d.product.title : "Product";
  else if (routeId === "routes/app.orders.$id") name = typeof d.margin?.orderName === "string" ? `Order ${d.margin.orderName}` : "Order";
  else if (routeId) name = PAGE_NAMES[routeId];
  return name ? `${name} · NetMargin` : "NetMargin";
}

export const links: LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

export default function App() {
  // The title from the deepest page (a root `meta` sees only itself, and no route exports one).
  const matches = useMatches();
  const leaf = matches[matches.length - 1];
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link
          rel="stylesheet"
          href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css"
        />
        {/* App Bridge turns <ui-nav-menu> into the admin's navigation; where its script cannot load
            (the offline demo), the element would show its raw links. */}
        <style>{"ui-nav-menu{display:none}"}</style>
        <title>{pageTitle(leaf?.id, leaf?.data)}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/**
 * The error page of every route without its own boundary (the landing and login
 * pages; /app has its own). It shows the status, never a stack trace, and an
 * error's message only in development: Remix's default page prints the stack.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? "Page not found" : "Something went wrong";
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : process.env.NODE_ENV === "development" && error instanceof Error
      ? error.message
      : null;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${title} · NetMargin`}</title>
        <Meta />
        <Links />
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
        <h1>{title}</h1>
        {detail ? <p>{detail}</p> : null}
        <p>
          <a href="/">Back to NetMargin</a>
        </p>
        <Scripts />
      </body>
    </html>
  );
}

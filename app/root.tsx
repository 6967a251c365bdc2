import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";

export default function App() {
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

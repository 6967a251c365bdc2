import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Link, Outlet, useLoaderData, useLocation, useNavigation, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider as PolarisAppProvider } from "@shopify/polaris";
import enTranslations from "@shopify/polaris/locales/en.json";
import { AppProvider } from "@shopify/shopify-app-remix/react";

import { PageError, PageSkeleton } from "~/components/feedback";

import { config } from "~/config.server";
import { authenticate } from "~/shopify.server";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: polarisVizStyles },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return { apiKey: config().SHOPIFY_API_KEY };
};

export default function App() {
  const { apiKey } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  // Another page is loading (not a filter change on this one): its skeleton instead of stale content.
  const switching = navigation.state === "loading" && navigation.location !== undefined && navigation.location.pathname !== location.pathname;
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/products">Products</Link>
        <Link to="/app/orders">Orders</Link>
        <Link to="/app/stock">Stock</Link>
        <Link to="/app/suppliers">Suppliers</Link>
        <Link to="/app/cash">Cash</Link>
        <Link to="/app/planner">Free shipping</Link>
        <Link to="/app/promotions">Promotions</Link>
        <Link to="/app/settings">Settings</Link>
      </NavMenu>
      {switching ? <PageSkeleton /> : <Outlet />}
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers are included in the response
// (its boundary renders them); anything else gets NetMargin's error page inside Polaris.
export function ErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  // Responses Shopify's library throws (auth bounces, 401/403, 4xx with its headers) stay its boundary's;
  // NetMargin's own failures (404, server errors, exceptions) get a page.
  if (isRouteErrorResponse(error) && error.status !== 404 && error.status < 500) return boundary.error(error);
  const message = isRouteErrorResponse(error)
    ? error.status === 404
      ? "It may have been deleted in Shopify, or the link is out of date."
      : typeof error.data === "string"
      ? error.data
      : `The server answered ${error.status} ${error.statusText}.`
    : error instanceof Error
      ? error.message
      : "Something unexpected happened.";
  return (
    <PolarisAppProvider i18n={enTranslations}>
      <PageError status={isRouteErrorResponse(error) ? error.status : undefined} message={message} pathname={location.pathname} />
    </PolarisAppProvider>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

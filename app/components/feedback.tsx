/**
 * Feedback shared by the pages: Shopify's toast inside the admin (App Bridge), and
 * the loading and error states of the app's pages. Where App Bridge cannot load
 * (the offline demo), pages keep their own success banners.
 */
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page, SkeletonBodyText, SkeletonDisplayText, SkeletonPage, Text } from "@shopify/polaris";

interface AppBridgeToast {
  toast: { show(message: string, options?: { isError?: boolean; duration?: number }): void };
}

/** Shows `message` as the admin's toast when App Bridge is there; returns whether it was shown. */
export function showToast(message: string, options: { isError?: boolean } = {}): boolean {
  if (typeof window === "undefined" || !("shopify" in window)) return false;
  const bridge = (window as unknown as { shopify: Partial<AppBridgeToast> }).shopify;
  if (!bridge.toast) return false;
  bridge.toast.show(message, { duration: 4000, ...options });
  return true;
}

/** What a page looks like while the next one loads. */
export function PageSkeleton() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={6} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <SkeletonBodyText lines={10} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

/** A page that failed: what happened in a sentence, and a way back. */
/** Where a merchant goes back to from a page that failed: the list the page belongs to, else Home. */
export function wayBack(pathname: string): { content: string; url: string } {
  if (pathname.startsWith("/app/products/")) return { content: "Back to products", url: "/app/products" };
  if (pathname.startsWith("/app/orders/")) return { content: "Back to orders", url: "/app/orders" };
  if (pathname.startsWith("/app/settings/")) return { content: "Back to settings", url: "/app/settings" };
  return { content: "Back to Home", url: "/app" };
}

/**
 * The page of a route that failed: what happened, a way back to the list it belongs
 * to (a product or order gone from Shopify is a 404: trying again will not help)
 * and, for other failures, a retry.
 */
export function PageError(props: { status?: number; message: string; pathname: string }) {
  const missing = props.status === 404;
  const title = missing ? "This page does not exist" : "NetMargin could not show this page";
  const back = wayBack(props.pathname);
  return (
    <Page title="NetMargin" backAction={{ content: back.content, url: back.url }}>
      <Layout>
        <Layout.Section>
          <Banner tone="critical" title={title}>
            <BlockStack gap="200">
              <Text as="p">{props.message}</Text>
              <InlineStack gap="200">
                <Button url={back.url} variant={missing ? "primary" : undefined}>
                  {back.content}
                </Button>
                {missing ? null : <Button onClick={() => window.location.reload()}>Try again</Button>}
              </InlineStack>
            </BlockStack>
          </Banner>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/**
 * Feedback shared by the pages: Shopify's toast inside the admin (App Bridge), and
 * the loading and error states of the app's pages. Where App Bridge cannot load
 * (the offline demo), pages keep their own success banners.
 */
import { Banner, BlockStack, Button, Card, Layout, Page, SkeletonBodyText, SkeletonDisplayText, SkeletonPage, Text } from "@shopify/polaris";

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
export function PageError(props: { status?: number; message: string }) {
  const title = props.status === 404 ? "This page does not exist" : "NetMargin could not show this page";
  return (
    <Page title="NetMargin">
      <Layout>
        <Layout.Section>
          <Banner tone="critical" title={title}>
            <BlockStack gap="200">
              <Text as="p">{props.message}</Text>
              <div>
                <Button onClick={() => window.location.reload()}>Try again</Button>
              </div>
            </BlockStack>
          </Banner>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

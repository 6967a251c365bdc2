import type { Blocker } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, InlineStack, Layout } from "@shopify/polaris";
import { useEffect, useState, type ReactNode } from "react";

/** Discarding reloads the page: the form starts again from the saved settings. */
const discard = () => window.location.reload();

/**
 * Shopify's contextual save bar, when App Bridge runs (inside the admin); the page's own
 * banner with Save / Discard stays for the offline demo, where App Bridge cannot load.
 */
export function AppSaveBar({ open, saving, onSave }: { open: boolean; saving: boolean; onSave: () => void }) {
  const [appBridge, setAppBridge] = useState(false);
  useEffect(() => setAppBridge(typeof window !== "undefined" && "shopify" in window), []);
  if (!appBridge) return null;
  return (
    <SaveBar id="netmargin-settings-save-bar" open={open}>
      <button variant="primary" onClick={onSave} {...(saving ? { loading: "" } : {})}>
        Save
      </button>
      <button onClick={discard}>Discard</button>
    </SaveBar>
  );
}

/** Unsaved changes (save, preview, discard) and their preview, leaving with them, fields to fix, and a save done. */
export function DraftBanners(props: {
  dirty: boolean;
  saving: boolean;
  previewing: boolean;
  onSave: () => void;
  onPreview: () => void;
  /** The preview of the draft, shown under the unsaved-changes banner. */
  preview: ReactNode;
  blocker: Blocker;
  errorCount: number;
  /** Errors no field on the page shows (say, on the list of rules as a whole): listed here. */
  unplacedErrors: readonly string[];
  saved: boolean;
}) {
  const { dirty, blocker, errorCount } = props;
  return (
    <>
      {dirty && (
        <Layout.Section>
          <Banner tone="warning" title="Unsaved changes">
            <InlineStack gap="200">
              <Button variant="primary" onClick={props.onSave} loading={props.saving}>
                Save
              </Button>
              <Button onClick={props.onPreview} loading={props.previewing}>
                Preview on the last 30 days
              </Button>
              <Button onClick={discard}>Discard</Button>
            </InlineStack>
          </Banner>
        </Layout.Section>
      )}
      {dirty && props.preview}
      {blocker.state === "blocked" && (
        <Layout.Section>
          <Banner tone="critical" title="Leave without saving?">
            <InlineStack gap="200">
              <Button onClick={() => blocker.proceed?.()}>Leave</Button>
              <Button variant="primary" onClick={() => blocker.reset?.()}>
                Stay
              </Button>
            </InlineStack>
          </Banner>
        </Layout.Section>
      )}
      {errorCount > 0 && (
        <Layout.Section>
          <Banner tone="critical" title={`Nothing was saved: ${errorCount} field${errorCount > 1 ? "s" : ""} to fix`}>
            <BlockStack gap="100">
              <p>Each field with a problem says what it expects.</p>
              {props.unplacedErrors.map((message) => (
                <p key={message}>{message}</p>
              ))}
            </BlockStack>
          </Banner>
        </Layout.Section>
      )}
      {props.saved && !dirty && errorCount === 0 && (
        <Layout.Section>
          <Banner tone="success" title="Settings saved">
            <p>Margins are being recomputed for the orders the change applies to.</p>
          </Banner>
        </Layout.Section>
      )}
    </>
  );
}

import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { showToast } from "~/components/feedback";

import { fieldWords } from "./field-words";
import { FileDrop } from "~/components/FileDrop";

/** The settings file's largest size taken here (a file of every version is a few KB; the server's cap is above it). */
export const SETTINGS_FILE_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Export (downloaded through fetch: inside the admin, App Bridge adds the session
 * token to the app's own fetches, which a plain link would not carry) and import of
 * the settings file. An import is checked field by field on the server; a bad file
 * changes nothing and each problem is listed.
 */
export function SettingsFile() {
  const fetcher = useFetcher<{ errors?: { path: string; message: string }[]; versions?: number }>();
  const [problem, setProblem] = useState<string | null>(null);
  const exportFile = async () => {
    setProblem(null);
    try {
      const response = await fetch("/app/settings/data");
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(await response.json(), null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = "netmargin-cost-settings.json";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setProblem(`The export failed: ${error instanceof Error ? error.message : String(error)}.`);
    }
  };
  const importFile = async (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setProblem(`${file.name} is not a settings file: it could not be read as JSON. Nothing was imported.`);
      return;
    }
    fetcher.submit(JSON.stringify({ intent: "import", file: parsed }), { method: "post", action: "/app/settings/data", encType: "application/json" });
  };
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.versions) showToast("Settings imported: margins are being recomputed");
  }, [fetcher.state, fetcher.data]);
  const errors = fetcher.data?.errors ?? [];
  return (
    <Card roundedAbove="xs">
      <BlockStack gap="300">
        <InlineStack>
          <Button onClick={() => void exportFile()}>Export settings (JSON)</Button>
        </InlineStack>
        <FileDrop
          label="Import a settings file"
          kind="JSON"
          extension=".json"
          accept="application/json,.json"
          maxBytes={SETTINGS_FILE_MAX_BYTES}
          actionTitle="Add a settings file"
          disabled={fetcher.state !== "idle"}
          onFile={(file) => void importFile(file)}
        />
        {problem ? <Banner tone="critical" title={problem} /> : null}
        {fetcher.state === "idle" && errors.length > 0 ? (
          <Banner tone="critical" title={`Nothing was imported: ${errors.length} problem${errors.length > 1 ? "s" : ""} in the file`}>
            <ul>
              {errors.slice(0, 20).map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  {e.path ? `${fieldWords(e.path)}: ` : ""}
                  {e.message}
                </li>
              ))}
            </ul>
          </Banner>
        ) : null}
        {fetcher.state === "idle" && fetcher.data?.versions ? (
          <Banner tone="success" title={`Imported: ${fetcher.data.versions} version${fetcher.data.versions > 1 ? "s" : ""}`}>
            <p>Reload the page to edit the imported settings. Margins are being recomputed.</p>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}

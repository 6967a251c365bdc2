import { Banner, BlockStack, DropZone, Text } from "@shopify/polaris";
import { useState } from "react";

/** "20 MB", "1.4 MB", "830 KB": a file size as a merchant reads it. */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * A Polaris DropZone for one file, as Shopify's admin imports take them: the accepted type
 * and the size limit said under the button, a wrong or too large file refused with its name
 * and why (nothing is sent). The import's result is the caller's, shown under it.
 */
export function FileDrop(props: {
  label: string;
  /** What the file is, in words: "CSV", "JSON". */
  kind: string;
  /** The input's accept list: ".csv,text/csv". */
  accept: string;
  /** The file name's extension the kind goes by: ".csv". */
  extension: string;
  maxBytes: number;
  actionTitle: string;
  disabled?: boolean;
  onFile: (file: File) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const hint = `${props.kind} file (${props.extension}), up to ${fileSize(props.maxBytes)}`;
  return (
    <BlockStack gap="200">
      <DropZone
        label={props.label}
        accept={props.accept}
        type="file"
        allowMultiple={false}
        disabled={props.disabled}
        variableHeight
        customValidator={(file: File | DataTransferItem) => !(file instanceof File) || file.size <= props.maxBytes}
        errorOverlayText={`Only one ${props.kind} file up to ${fileSize(props.maxBytes)}`}
        onDrop={(_files: File[], accepted: File[], rejected: File[]) => {
          const file = accepted[0];
          const refused = rejected[0];
          if (file) {
            setProblem(null);
            setChosen(file.name);
            props.onFile(file);
          } else if (refused) {
            setChosen(null);
            setProblem(
              refused.size > props.maxBytes
                ? `${refused.name} is ${fileSize(refused.size)}: files up to ${fileSize(props.maxBytes)} can be imported. Nothing was imported.`
                : `${refused.name} is not a ${props.kind} file (${props.extension}). Nothing was imported.`,
            );
          }
        }}
      >
        <BlockStack gap="100" inlineAlign="center">
          <DropZone.FileUpload actionTitle={props.actionTitle} actionHint={hint} />
        </BlockStack>
      </DropZone>
      {chosen && !problem ? (
        <Text as="p" tone="subdued">
          File: {chosen}
        </Text>
      ) : null}
      {problem ? <Banner tone="critical" title={problem} /> : null}
    </BlockStack>
  );
}

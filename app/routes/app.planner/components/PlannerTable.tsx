import { BlockStack, Box, DataTable, Divider, InlineStack, Text, useBreakpoints, type DataTableProps } from "@shopify/polaris";
import { createContext, Fragment, useContext } from "react";

/** Whether the request came from a phone (phoneHint), so the server renders the stacked rows a phone will keep once hydrated. */
export const PhoneHint = createContext(false);

/**
 * The planner's tables: a DataTable on a wide screen; on a phone (Polaris's smDown, under 490 px) one
 * block per row, its first cell as the heading and each other cell under its column's name, as the
 * Products and Orders lists condense theirs. A six-column DataTable scrolled sideways at 390 px, with
 * the numbers out of view (issue 17).
 */
export function PlannerTable(props: { headings: string[]; columnContentTypes: DataTableProps["columnContentTypes"]; rows: string[][]; label: string }) {
  const phone = useContext(PhoneHint);
  const { smDown } = useBreakpoints({ defaults: { smDown: phone } });
  if (!smDown) return <DataTable columnContentTypes={props.columnContentTypes} headings={props.headings} rows={props.rows} />;
  return (
    <ul aria-label={props.label} style={{ listStyle: "none", margin: 0, padding: 0 }} data-planner-rows="stacked">
      {props.rows.map((row, i) => (
        <Fragment key={i}>
          {i > 0 ? <Divider /> : null}
          <li>
            <Box paddingBlock="200">
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm">
                  {row[0]}
                </Text>
                {row.slice(1).map((cell, j) => (
                  <InlineStack key={j} align="space-between" gap="200" wrap={false}>
                    <Text as="span" tone="subdued">
                      {props.headings[j + 1]}
                    </Text>
                    <Text as="span" alignment="end" numeric>
                      {cell}
                    </Text>
                  </InlineStack>
                ))}
              </BlockStack>
            </Box>
          </li>
        </Fragment>
      ))}
    </ul>
  );
}

import { Card, ChoiceList, FormLayout, Layout, TextField } from "@shopify/polaris";

export type ApplyScope = "all" | "from";

/** Whether the change applies to every order or to orders from a date on. */
export function ApplyScopeSection(props: { scope: ApplyScope; onScope: (scope: ApplyScope) => void; from: string; onFrom: (from: string) => void; error: string | undefined }) {
  return (
    <Layout.AnnotatedSection title="When it applies" description="A change can apply to every order, or to orders from a date on (earlier orders keep the costs of their time).">
      <Card roundedAbove="xs">
        <FormLayout>
          <ChoiceList
            title="Apply to"
            choices={[
              { label: "All orders, past and future", value: "all" },
              { label: "Orders from a date on", value: "from" },
            ]}
            selected={[props.scope]}
            onChange={(v) => props.onScope(v[0] as ApplyScope)}
          />
          {props.scope === "from" && <TextField label="From" type="date" value={props.from} onChange={props.onFrom} autoComplete="off" error={props.error} />}
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}

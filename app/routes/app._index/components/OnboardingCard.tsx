import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";

import type { OnboardingStep } from "~/services/onboarding.server";

/** The steps to a net margin the merchant can trust, each linking to where it is done. */
export function OnboardingCard({ steps }: { steps: OnboardingStep[] }) {
  const done = steps.filter((s) => s.done).length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Get to a net margin you can trust
          </Text>
          <Text as="span" tone="subdued">
            {done} of {steps.length} done
          </Text>
        </InlineStack>
        <ProgressBar progress={Math.round((done / steps.length) * 100)} size="small" tone="success" animated={false} />
        <BlockStack gap="200">
          {steps.map((step) => (
            <InlineStack key={step.id} gap="200" blockAlign="start" wrap={false}>
              <Badge tone={step.done ? "success" : "attention"}>{step.done ? "Done" : "To do"}</Badge>
              <BlockStack gap="050">
                <Text as="p" fontWeight="semibold">
                  {step.url && !step.done ? <RemixLink to={step.url}>{step.title}</RemixLink> : step.title}
                </Text>
                <Text as="p" tone="subdued">
                  {step.detail}
                </Text>
              </BlockStack>
            </InlineStack>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

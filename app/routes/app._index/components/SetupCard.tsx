import { BlockStack, Button, Card, Collapsible, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";

import type { InstallationStatus } from "~/services/installation.server";
import type { OnboardingStep } from "~/services/onboarding.server";

import { OnboardingCard } from "./OnboardingCard";
import { ShopCard } from "./ShopCard";

/** Steps without which the margins are wrong, not merely rough: the orders, their unit costs, what shipping costs. */
export const ESSENTIAL_STEPS: readonly OnboardingStep["id"][] = ["sync", "unit-costs", "shipping"];

/** Whether the store card and checklist start open: until the essential steps are done or while a permission is missing. */
export function setupNeedsAttention(steps: readonly OnboardingStep[], status: Pick<InstallationStatus, "missingScopes">): boolean {
  return status.missingScopes.length > 0 || steps.some((s) => ESSENTIAL_STEPS.includes(s.id) && !s.done);
}

/**
 * The store and its setup checklist, below the margins (issue 17, item 1): one line with "Show"
 * once the essential steps are done, open while they are not.
 */
export function SetupCard({ status, steps }: { status: InstallationStatus; steps: OnboardingStep[] }) {
  const [open, setOpen] = useState(() => setupNeedsAttention(steps, status));
  const done = steps.filter((s) => s.done).length;
  return (
    <BlockStack gap="300">
      <Card>
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingSm">
            {/* Not the shop's name: the store card below is the heading that names it. */}
            Store and setup{steps.length > 0 ? `: ${done} of ${steps.length} steps done` : ""}
          </Text>
          <Button variant="plain" onClick={() => setOpen((o) => !o)} ariaExpanded={open} ariaControls="home-setup">
            {open ? "Hide" : "Show"}
          </Button>
        </InlineStack>
      </Card>
      <Collapsible id="home-setup" open={open} transition={{ duration: "150ms" }}>
        <BlockStack gap="300">
          {steps.some((s) => !s.done) && <OnboardingCard steps={steps} />}
          <ShopCard status={status} />
        </BlockStack>
      </Collapsible>
    </BlockStack>
  );
}

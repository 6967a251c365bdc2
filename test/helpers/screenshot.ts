import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

import type { Page } from "playwright-core";

/**
 * A screenshot for people to look at (test/output, not committed). Charts' animations are
 * frozen and the wait is long: a full-page capture of Home's charts took more than the
 * default 30 s in a CI run with every test file running at once, and failed a test whose
 * assertions had all passed.
 */
export async function screenshot(page: Page, path: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: options.fullPage ?? false, animations: "disabled", timeout: 120_000 });
}

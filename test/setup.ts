import { afterEach, vi } from "vitest";

// A stray console.error means something went wrong that no assertion caught:
// fail the test that caused it. Tests that expect an error log spy on
// console.error themselves (vi.spyOn(console, "error").mockImplementation(...)).
const originalError = console.error;
let errors: unknown[][] = [];
console.error = (...args: unknown[]) => {
  errors.push(args);
  originalError(...args);
};

afterEach(() => {
  const seen = errors;
  errors = [];
  vi.restoreAllMocks();
  if (seen.length > 0) {
    throw new Error(
      `console.error was called ${seen.length} time(s) during this test; first call: ${seen[0]!.map(String).join(" ")}`,
    );
  }
});

/**
 * The pages' formatters: one module for server and client render alike (issue 17, item 3).
 * They live in `app/domain/format.ts` so the domain's own sentences (flag reasons) and the
 * services use the same words; pages import them from here.
 */
export * from "~/domain/format";

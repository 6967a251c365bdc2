/**
 * NetMargin's domain: plain TypeScript shared by the web app, jobs, benchmarks and
 * the CLI. Relative imports only; no framework, database, environment or clock.
 */
export * from "./money";
export * from "./time";
export * from "./validation";
export * from "./types";
export * from "./settings";
export * from "./unit-costs";
export * from "./fixed-costs";
export * from "./shipping-import";
export * from "./margin";
export * from "./products";
export * from "./graphql-order";
export * from "./breakdown-json";
export * from "./free-shipping";
export * from "./heavy-products";
export * from "./promotions";
export * from "./rest-order";
export * from "./catalog";
export * from "./stock-health";
export * from "./stock-abc";
export * from "./carrying-cost";

/**
 * The GraphQL Admin API leaky bucket, per app and store.
 *
 * Sources:
 *  - shopify.dev "Shopify API limits", "The leaky bucket algorithm", and "GraphQL Admin API
 *    rate limits": each app/store pair has a bucket of `maximumAvailable` points that
 *    refills continuously at `restoreRate` points per second (Standard 100/s, Advanced 200,
 *    Plus 1,000, Enterprise 2,000); a request is admitted only if the bucket holds its
 *    *requested* cost, otherwise it fails with `THROTTLED`; after execution the difference
 *    between requested and actual cost is given back.
 *  - /work/shared/docs/shopify-admin-api.md §5: captured 2026 responses on standard stores
 *    show maximumAvailable 2000 and restoreRate 100 (the defaults here).
 *
 * Time is injected (`now`, milliseconds) so tests can drive it with a fake clock.
 */

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface LeakyBucketOptions {
  /** Bucket size in points (default 2000). */
  maximumAvailable?: number;
  /** Points restored per second (default 100). */
  restoreRate?: number;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
}

export const DEFAULT_MAXIMUM_AVAILABLE = 2000;
export const DEFAULT_RESTORE_RATE = 100;

function checkPoints(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

export class LeakyBucket {
  readonly maximumAvailable: number;
  readonly restoreRate: number;
  private readonly now: () => number;
  /** Exact (fractional) points in the bucket at `lastRefill`. */
  private available: number;
  private lastRefill: number;

  constructor(opts: LeakyBucketOptions = {}) {
    this.maximumAvailable = opts.maximumAvailable ?? DEFAULT_MAXIMUM_AVAILABLE;
    this.restoreRate = opts.restoreRate ?? DEFAULT_RESTORE_RATE;
    checkPoints("maximumAvailable", this.maximumAvailable);
    checkPoints("restoreRate", this.restoreRate);
    this.now = opts.now ?? Date.now;
    this.available = this.maximumAvailable; // a new app/store pair starts with a full bucket
    this.lastRefill = this.now();
  }

  /** Adds what leaked back in since the last look, capped at the bucket size. */
  private refill(): void {
    const t = this.now();
    if (t > this.lastRefill) {
      this.available = Math.min(this.maximumAvailable, this.available + ((t - this.lastRefill) / 1000) * this.restoreRate);
      this.lastRefill = t;
    }
    // A clock that goes backwards restores nothing and does not move lastRefill.
  }

  /**
   * The throttleStatus Shopify reports in `extensions.cost`. Shopify reports whole points;
   * the bucket keeps fractions internally and reports them rounded down, so a client that
   * waits `(requested − currentlyAvailable) / restoreRate` seconds is always admitted.
   */
  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available + 1e-9),
      restoreRate: this.restoreRate,
    };
  }

  /** Admits the request when the bucket holds `cost` points and takes them; otherwise leaves it unchanged. */
  tryConsume(cost: number): { ok: boolean; status: ThrottleStatus } {
    checkPoints("cost", cost);
    this.refill();
    if (this.available + 1e-9 < cost) return { ok: false, status: this.status() };
    this.available = Math.max(0, this.available - cost);
    return { ok: true, status: this.status() };
  }

  /** Gives points back (requested − actual after execution), capped at the bucket size. */
  refund(points: number): void {
    checkPoints("points", points);
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  /** Fault injection: empties the bucket, or removes `points` (not below zero). */
  drain(points?: number): void {
    this.refill();
    if (points === undefined) {
      this.available = 0;
      return;
    }
    checkPoints("points", points);
    this.available = Math.max(0, this.available - points);
  }

  /**
   * Milliseconds until `cost` points will be available (0 when they are now; Infinity
   * when the cost exceeds the bucket size or nothing restores).
   */
  msUntilAvailable(cost: number): number {
    checkPoints("cost", cost);
    this.refill();
    if (this.available + 1e-9 >= cost) return 0;
    if (cost > this.maximumAvailable || this.restoreRate === 0) return Number.POSITIVE_INFINITY;
    return Math.ceil(((cost - this.available) / this.restoreRate) * 1000);
  }
}

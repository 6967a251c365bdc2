/**
 * Coalesced sends: many callers asking for the same job (a burst of webhooks for one
 * shop, each asking for `recompute`) share sends instead of making one each. Every
 * caller still gets a send that started after its call (so the job it queues, or the
 * waiting job it is deduplicated against, runs after the caller's writes): while one
 * send per key is under way, callers wait for the next one, which starts when it ends
 * and serves them all. At most one send per key is under way and one waits.
 *
 * Why: at 50 webhooks/s each delivery made two pg-boss sends (INSERT ... ON CONFLICT
 * DO NOTHING into pgboss.job on one unique key per shop), almost all deduplicated, on the
 * delivery's own path to its 200 (bench:load, test/bench/README.md).
 */
export class SendCoalescer {
  private readonly keys = new Map<string, { running: Promise<void>; next: Promise<void> | null }>();

  /** Runs `send` for `key`, or joins the send that starts after the one under way. */
  run(key: string, send: () => Promise<unknown>): Promise<void> {
    const state = this.keys.get(key);
    if (!state) return this.start(key, send);
    state.next ??= state.running.then(
      () => this.start(key, send),
      () => this.start(key, send),
    );
    return state.next;
  }

  private start(key: string, send: () => Promise<unknown>): Promise<void> {
    const running = Promise.resolve()
      .then(send)
      .then(() => undefined)
      .finally(() => {
        const state = this.keys.get(key);
        if (state?.running === running && state.next === null) this.keys.delete(key);
      });
    const prior = this.keys.get(key);
    // The waiting send becomes the running one; callers arriving from now on wait for the one after it.
    if (prior) {
      prior.running = running;
      prior.next = null;
    } else this.keys.set(key, { running, next: null });
    return running;
  }
}

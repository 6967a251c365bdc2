/**
 * A request body of `bytes` bytes produced only as it is read (`chunk` bytes at a time,
 * after an optional `head`), so a test can say how much of it a route pulled before
 * refusing it.
 */
export function lazyBody(bytes: number, opts: { chunk: number; fill: number; head?: Uint8Array }): { body: ReadableStream<Uint8Array>; pulled(): number } {
  let produced = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (produced >= bytes) return controller.close();
        const chunk = produced === 0 && opts.head ? opts.head : new Uint8Array(Math.min(opts.chunk, bytes - produced)).fill(opts.fill);
        produced += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => produced };
}

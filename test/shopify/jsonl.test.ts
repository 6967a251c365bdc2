import { describe, expect, it } from "vitest";

import { jsonlBatches, TruncatedJsonlError, type JsonlLine } from "~/shopify/jsonl.server";

/** A body that hands out `chunks` (byte arrays) one by one, then fails with `error` if given. */
async function* body(chunks: Uint8Array[], error?: Error): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
  if (error) throw error;
}

const bytes = (s: string) => new TextEncoder().encode(s);

/** `text` cut into chunks at the byte offsets given. */
function cut(text: string, at: number[]): Uint8Array[] {
  const all = bytes(text);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, all.length]) {
    out.push(all.slice(from, to));
    from = to;
  }
  return out;
}

async function read(chunks: Uint8Array[], opts: { expectedBytes?: number | null; error?: Error } = {}): Promise<{ batches: JsonlLine[][]; error: unknown }> {
  const batches: JsonlLine[][] = [];
  try {
    for await (const b of jsonlBatches(body(chunks, opts.error), { expectedBytes: opts.expectedBytes ?? null })) batches.push(b);
    return { batches, error: null };
  } catch (error) {
    return { batches, error };
  }
}

describe("jsonlBatches: the lines of a bulk file, a batch per chunk", () => {
  it("numbers complete lines across chunk boundaries and skips blank lines", async () => {
    // Chunks: '{"a":1}\n{"b"' | ':2}\n\n{"c":3}\n'
    const { batches, error } = await read(cut('{"a":1}\n{"b":2}\n\n{"c":3}\n', [12]));
    expect(error).toBeNull();
    expect(batches).toEqual([[{ text: '{"a":1}', line: 0 }], [{ text: '{"b":2}', line: 1 }, { text: '{"c":3}', line: 2 }]]);
  });

  it("decodes a character whose bytes are split between two chunks", async () => {
    // "é" is 0xC3 0xA9: the first chunk ends after 0xC3 ({"t":" is 6 bytes, then the first byte of é).
    const { batches } = await read(cut('{"t":"é €"}\n', [7]));
    expect(batches.flat()).toEqual([{ text: '{"t":"é €"}', line: 0 }]);
    expect(JSON.parse(batches[0]![0]!.text)).toEqual({ t: "é €" });
  });

  it("joins a line spread over many chunks once, and yields nothing for chunks that end no line", async () => {
    const long = `{"x":"${"a".repeat(5000)}"}`;
    const text = `${long}\n{"y":1}`;
    const at = Array.from({ length: 50 }, (_, i) => (i + 1) * 100);
    const { batches } = await read(cut(text, at));
    // The chunk holding the newline yields the long line; the last line (no newline) comes at the clean end.
    expect(batches.map((b) => b.map((l) => l.line))).toEqual([[0], [1]]);
    expect(batches[0]![0]!.text).toBe(long);
    expect(batches[1]![0]!.text).toBe('{"y":1}');
  });

  it("keeps a copy of a line's start: a stream that reuses its chunk's memory does not change it", async () => {
    const shared = new Uint8Array(8);
    async function* reusing(): AsyncGenerator<Uint8Array> {
      shared.set(bytes('{"a":"xy'));
      yield shared;
      shared.set(bytes('z"}\n{"b"'));
      yield shared;
      shared.set(bytes(':1}\n    '), 0);
      yield shared.subarray(0, 4);
    }
    const lines: JsonlLine[] = [];
    for await (const b of jsonlBatches(reusing())) lines.push(...b);
    expect(lines).toEqual([
      { text: '{"a":"xyz"}', line: 0 },
      { text: '{"b":1}', line: 1 },
    ]);
  });

  it("a body shorter than its Content-Length is a cut after the complete lines", async () => {
    const { batches, error } = await read(cut('{"a":1}\n{"b":', []), { expectedBytes: 100 });
    expect(batches.flat().map((l) => l.text)).toEqual(['{"a":1}']);
    expect(error).toBeInstanceOf(TruncatedJsonlError);
    expect((error as TruncatedJsonlError).linesRead).toBe(1);
    expect((error as Error).message).toBe("the download ended after 13 of 100 bytes (1 complete lines)");
  });

  it("a stream that fails mid-way is a cut: the line it was reading is not yielded", async () => {
    const { batches, error } = await read(cut('{"a":1}\n{"b":2}\n{"c"', [8]), { error: new Error("socket hang up") });
    expect(batches.flat().map((l) => l.line)).toEqual([0, 1]);
    expect(error).toBeInstanceOf(TruncatedJsonlError);
    expect((error as TruncatedJsonlError).linesRead).toBe(2);
    expect((error as Error).message).toContain("socket hang up");
  });
});

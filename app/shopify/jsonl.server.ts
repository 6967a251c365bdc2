/**
 * Reads a JSONL stream line by line in constant memory (bulk operation results).
 * Yields the complete lines of each chunk as one batch, each line with its 0-based
 * number. A last line without a newline is yielded only when the stream ended
 * cleanly; a stream that errors mid-way rejects after the last complete line.
 *
 * Lines are found in the bytes and decoded one by one: UTF-8 never has a 0x0A byte
 * inside a character, and a line decoded on its own stays a one-byte string when it
 * is ASCII (most of a bulk file), where decoding whole chunks made every line of a
 * chunk with one "é" a two-byte string, slower to split and to parse. One batch per
 * chunk instead of one promise per line. Numbers: test/bench/README.md (bench:sync).
 */

export interface JsonlLine {
  text: string;
  line: number;
}

export class TruncatedJsonlError extends Error {
  override name = "TruncatedJsonlError";
  constructor(
    message: string,
    /** Complete lines read before the cut. */
    readonly linesRead: number,
  ) {
    super(message);
  }
}

const NEWLINE = 0x0a;

/**
 * The lines of a byte stream, a batch per chunk that completes at least one.
 * `expectedBytes` (Content-Length) makes a short read an error even when the
 * connection closed without one.
 */
export async function* jsonlBatches(body: AsyncIterable<Uint8Array>, opts: { expectedBytes?: number | null } = {}): AsyncGenerator<JsonlLine[]> {
  // The start of a line not ended yet: the pieces, joined once its newline comes (a long line over many chunks is copied once).
  let pending: Buffer[] = [];
  let line = 0;
  let bytes = 0;
  const push = (out: JsonlLine[], text: string) => {
    // Blank lines carry nothing (a trailing newline, CRLF files' empty remainders are not expected).
    if (text.length > 0) out.push({ text, line: line++ });
  };
  try {
    for await (const chunk of body) {
      bytes += chunk.byteLength;
      const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const out: JsonlLine[] = [];
      let start = 0;
      let nl = buf.indexOf(NEWLINE, start);
      if (nl !== -1 && pending.length > 0) {
        pending.push(buf.subarray(0, nl));
        push(out, Buffer.concat(pending).toString("utf8"));
        pending = [];
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      }
      while (nl !== -1) {
        push(out, buf.toString("utf8", start, nl));
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      }
      // A copy: the stream may reuse its chunk's memory.
      if (start < buf.length) pending.push(Buffer.from(buf.subarray(start)));
      if (out.length > 0) yield out;
    }
  } catch (error) {
    throw new TruncatedJsonlError(`the download broke off after ${line} complete lines (${bytes} bytes): ${(error as Error).message}`, line);
  }
  if (opts.expectedBytes != null && bytes < opts.expectedBytes) {
    throw new TruncatedJsonlError(`the download ended after ${bytes} of ${opts.expectedBytes} bytes (${line} complete lines)`, line);
  }
  const rest = Buffer.concat(pending).toString("utf8");
  if (rest.trim() !== "") yield [{ text: rest, line: line++ }];
}

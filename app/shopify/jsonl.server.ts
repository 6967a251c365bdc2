/**
 * Reads a JSONL stream line by line in constant memory (bulk operation results).
 * Yields each complete line with its 0-based number. A last line without a
 * newline is yielded only when the stream ended cleanly (`complete`); a stream
 * that errors mid-way rejects after the last complete line.
 */
import { StringDecoder } from "node:string_decoder";

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

/**
 * Lines of a byte stream. `expectedBytes` (Content-Length) makes a short read an
 * error even when the connection closed without one.
 */
export async function* jsonlLines(body: AsyncIterable<Uint8Array>, opts: { expectedBytes?: number | null } = {}): AsyncGenerator<JsonlLine> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let line = 0;
  let bytes = 0;
  try {
    for await (const chunk of body) {
      bytes += chunk.byteLength;
      const text = rest + decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      let start = 0;
      let nl = text.indexOf("\n", start);
      while (nl !== -1) {
        if (nl > start) yield { text: text.slice(start, nl), line: line++ };
        start = nl + 1;
        nl = text.indexOf("\n", start);
      }
      rest = text.slice(start);
    }
  } catch (error) {
    throw new TruncatedJsonlError(`the download broke off after ${line} complete lines (${bytes} bytes): ${(error as Error).message}`, line);
  }
  rest += decoder.end();
  if (opts.expectedBytes != null && bytes < opts.expectedBytes) {
    throw new TruncatedJsonlError(`the download ended after ${bytes} of ${opts.expectedBytes} bytes (${line} complete lines)`, line);
  }
  if (rest.trim() !== "") yield { text: rest, line: line++ };
}

import { describe, expect, it } from "vitest";

import { nextPageNumber, pagedCsvStream } from "~/services/paged-csv.server";

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  return text;
}

/** Pages of `size` rows over `total` rows named r1, r2, …, each page with the header, as productsCsv writes them. */
function pages(total: number, size: number) {
  const asked: number[] = [];
  const pageCsv = async (page: number) => {
    asked.push(page);
    const rows = Array.from({ length: Math.max(0, Math.min(size, total - (page - 1) * size)) }, (_, i) => `r${(page - 1) * size + i + 1},"a\r\nb"\r\n`);
    return { csv: `id,note\r\n${rows.join("")}`, next: nextPageNumber(page, rows.length, size) };
  };
  return { pageCsv, asked };
}

describe("pagedCsvStream", () => {
  it("writes every row of every page under one header, and stops at the first short page", async () => {
    const { pageCsv, asked } = pages(5, 2);
    const text = await read(pagedCsvStream(1, pageCsv));
    // 5 rows in pages of 2: pages 1, 2 and 3 (1 row, short: the last).
    expect(asked).toEqual([1, 2, 3]);
    expect(text).toBe('id,note\r\nr1,"a\r\nb"\r\nr2,"a\r\nb"\r\nr3,"a\r\nb"\r\nr4,"a\r\nb"\r\nr5,"a\r\nb"\r\n');
  });

  it("when the last page is full, reads one empty page more and adds nothing from it", async () => {
    const { pageCsv, asked } = pages(4, 2);
    const text = await read(pagedCsvStream(1, pageCsv));
    expect(asked).toEqual([1, 2, 3]);
    expect(text.split("\r\n").filter((l) => l.startsWith("id,note"))).toHaveLength(1);
    expect(text.match(/^r\d/gm)).toEqual(["r1", "r2", "r3", "r4"]);
  });

  it("with no rows, the header alone", async () => {
    const { pageCsv, asked } = pages(0, 2);
    expect(await read(pagedCsvStream(1, pageCsv))).toBe("id,note\r\n");
    expect(asked).toEqual([1]);
  });

  it("follows the cursor each page gives (keyset paging) and stops at null", async () => {
    // Cursors are the last row's key: pages after "" then "b", "d"; the page after "d" is the last.
    const data = ["a", "b", "c", "d", "e"];
    const asked: string[] = [];
    const text = await read(
      pagedCsvStream("", async (after) => {
        asked.push(after);
        const rows = data.filter((r) => r > after).slice(0, 2);
        return { csv: `id\r\n${rows.map((r) => `${r}\r\n`).join("")}`, next: rows.length < 2 ? null : rows.at(-1)! };
      }),
    );
    expect(asked).toEqual(["", "b", "d"]);
    expect(text).toBe("id\r\na\r\nb\r\nc\r\nd\r\ne\r\n");
  });

  it("reads a page only when the client asks for more (one page held at a time)", async () => {
    const { pageCsv, asked } = pages(10, 2);
    const reader = pagedCsvStream(1, pageCsv).getReader();
    await reader.read();
    // ReadableStream pulls once ahead to fill its queue (highWaterMark 1): never the whole file.
    expect(asked.length).toBeLessThanOrEqual(2);
    await reader.cancel();
  });
});

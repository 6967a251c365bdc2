/**
 * Per-test cleanup for tests on a database. Call `closeAfterEach()` at the top of
 * a test file: what its tests register with `later` runs after each test, last
 * registered first; `open` gives a fresh migrated SQLite database (or the one at
 * `url`) with Prisma, sync's writer and the recompute's reader, closed the same way.
 */
import { afterEach } from "vitest";

import { openRowReader } from "~/store/row-reader.server";
import { openDatabase } from "../sync/helpers";

export function closeAfterEach() {
  let closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.reverse()) await c();
    closers = [];
  });
  const later = (...fns: (() => Promise<void>)[]): void => {
    closers.push(...fns);
  };
  return {
    later,
    async open(url?: string) {
      const { db, sql, url: databaseUrl } = await openDatabase(url);
      const reader = openRowReader(databaseUrl);
      later(() => sql.close(), () => reader.close(), () => db.$disconnect());
      return { db, sql, reader, url: databaseUrl };
    },
  };
}

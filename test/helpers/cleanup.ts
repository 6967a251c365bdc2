/**
 * Per-test cleanup for tests on a database. Call `closeAfterEach()` at the top of
 * a test file: what its tests register with `later` runs after each test, last
 * registered first; `open` gives a fresh migrated SQLite database (or the one at
 * `url`) with Prisma, sync's writer and the recompute's reader, closed the same way;
 * `openOn` the same on a new database of `provider`, dropped afterwards.
 */
import { afterEach } from "vitest";

import { openRowReader } from "~/store/row-reader.server";
import { createPostgresqlDatabase } from "../db/databases";
import { freshDatabase } from "./database";

export function closeAfterEach() {
  let closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.reverse()) await c();
    closers = [];
  });
  const later = (...fns: (() => Promise<void>)[]): void => {
    closers.push(...fns);
  };
  const open = async (url?: string) => {
    const { db, sql, url: databaseUrl } = await freshDatabase(url);
    const reader = openRowReader(databaseUrl);
    later(() => sql.close(), () => reader.close(), () => db.$disconnect());
    return { db, sql, reader, url: databaseUrl };
  };
  return {
    later,
    open,
    async openOn(provider: "sqlite" | "postgresql") {
      if (provider === "sqlite") return open();
      const pg = await createPostgresqlDatabase();
      later(() => pg.drop());
      return open(pg.url);
    },
  };
}

/**
 * A bulk run's checkpoint (`SyncRun`), written in the same transaction as the
 * batch it follows (app/sync/bulk-run.server.ts): the first line of the file still
 * needed, and what the batch wrote.
 */
import type { SqlDb } from "./sql.server";

export interface RunCheckpoint {
  runId: string;
  at: Date;
  /** The line to record instead of the importer's own (the end of a complete file). */
  line?: number;
}

export async function writeRunCheckpoint(tx: SqlDb, cp: RunCheckpoint, linesRead: number, objects: number, late: number): Promise<void> {
  await tx.execute(`UPDATE "SyncRun" SET "linesRead" = ?, "objectsWritten" = "objectsWritten" + ?, "childrenLate" = "childrenLate" + ?, "updatedAt" = ? WHERE "id" = ?`, [
    cp.line ?? linesRead,
    objects,
    late,
    cp.at,
    cp.runId,
  ]);
}

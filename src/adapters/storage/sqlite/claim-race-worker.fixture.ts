/**
 * Test fixture (not shipped): a separate process that races other processes to claim the same
 * executions in one SQLite file. Args: `<path> <owner> <startAtEpochMs> <id>...`; prints the
 * ids it won as JSON.
 */
import { sqliteStorage } from './sqlite-storage.js'

const [path, owner, startAt, ...ids] = process.argv.slice(2)
const storage = sqliteStorage({ path, busyTimeoutMs: 10_000 })
while (Date.now() < Number(startAt)) {
  // Spin until every racer is ready, so their claims overlap.
}
const won: string[] = []
for (const id of ids) {
  const claim = await storage.claimExecution('tenant-a', id, { owner, leaseMs: 60_000, now: 1 })
  if (claim !== undefined) won.push(id)
}
storage.close()
process.stdout.write(JSON.stringify(won))

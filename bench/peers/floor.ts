/**
 * The floor: plain async functions doing each workload's work with no engine — the same trivial
 * step body, promises for parked runs, `streamText` consumed directly, and for W7 one SQLite row
 * per step (better-sqlite3, WAL, synchronous=NORMAL, one transaction per step).
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { streamText } from 'ai'
import { bigOutput, runWorker, trivial, type Driver } from './harness.js'
import { mockModelV3 } from './mock-model.js'

const dir = mkdtempSync(join(tmpdir(), 'stepwise-peers-floor-'))

const driver: Driver = {
  async chain(steps) {
    return async () => {
      let n = 0
      for (let i = 0; i < steps; i++) n = await trivial(n)
    }
  },
  async loop(items) {
    return async () => {
      const results = new Array<number>(items)
      for (let i = 0; i < items; i++) results[i] = await trivial(i + 1)
    }
  },
  async branches(count) {
    return async () => {
      await Promise.all(Array.from({ length: count }, (_, i) => trivial(i)))
    }
  },
  async park() {
    return {
      async start() {
        let resolve: (approved: boolean) => void = () => undefined
        const done = new Promise<boolean>((r) => (resolve = r)).then(async (approved) => (approved ? trivial(1) : 0))
        return { id: String(Math.random()), resolve, done }
      },
      async approve(handle) {
        const parked = handle as { resolve: (approved: boolean) => void; done: Promise<number> }
        parked.resolve(true)
        await parked.done
      },
    }
  },
  async stream(tokens) {
    const model = mockModelV3(tokens)
    return async () => {
      let text = ''
      const result = streamText({ model, prompt: 'Write.', maxRetries: 0 })
      for await (const part of result.fullStream) if (part.type === 'text-delta') text += part.text
      return text
    }
  },
  async durable(steps, bytes) {
    const db = new Database(join(dir, 'floor.db'))
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec('CREATE TABLE steps (run INTEGER, step INTEGER, output TEXT, PRIMARY KEY (run, step))')
    const insert = db.prepare('INSERT INTO steps (run, step, output) VALUES (?, ?, ?)')
    let run = 0
    return async () => {
      run += 1
      for (let i = 0; i < steps; i++) insert.run(run, i, bigOutput(bytes, await trivial(i)))
    }
  },
  async close() {
    rmSync(dir, { recursive: true, force: true })
  },
}

await runWorker(async () => driver)

/**
 * The measuring half of the peer benchmark, shared by every system's worker process: sizes, the
 * trivial step body, and one measuring function per workload. A worker only says how its system
 * runs each workload (a {@link Driver}); timing, warm-up, rounds and counting live here, so every
 * system is measured the same way.
 *
 * A worker is started as `node --expose-gc --import tsx bench/peers/<worker>.ts <mode> <workload>
 * [--quick]` and prints one line `RESULT {json}` ({@link WorkerResult}).
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'

export const WORKLOADS = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7'] as const
export type Workload = (typeof WORKLOADS)[number]

/** Sizes of the issue (full) and of a smoke run (`--quick`). */
export const SIZES = {
  full: { rounds: 5, w1Steps: 100, w1Runs: 200, w2Items: 10_000, w3Branches: 10, w3Runs: 1_000, w4Runs: 1_000, w4Steps: 10, w5Parked: 10_000, w6Tokens: 2_000, w6Streams: 3, w7Steps: 100, w7Bytes: 10_240, roundBudgetMs: 2_000, suiteBudgetMs: 30_000, parkBudgetMs: 2_500 },
  quick: { rounds: 2, w1Steps: 100, w1Runs: 20, w2Items: 1_000, w3Branches: 10, w3Runs: 100, w4Runs: 100, w4Steps: 10, w5Parked: 1_000, w6Tokens: 2_000, w6Streams: 1, w7Steps: 20, w7Bytes: 10_240, roundBudgetMs: 1_000, suiteBudgetMs: 10_000, parkBudgetMs: 2_000 },
}
export type Sizes = (typeof SIZES)['full']

let sink = 0
/** The one step body every system runs: add one (kept observable so it is not optimised away). */
export async function trivial(n: number): Promise<number> {
  sink += 1
  return n + 1
}
/**
 * A step output of `bytes` characters for W7: random base64, so that no store gains by compressing
 * it (PostgreSQL compresses large values; SQLite does not).
 */
export const bigOutput = (bytes: number, i: number): string => randomBytes(Math.ceil((bytes * 3) / 4) + 3).toString('base64').slice(0, bytes - 1) + String(i % 10)
/** The reply every mock model streams in W6: `tokens` text deltas. */
export const replyDeltas = (tokens: number): string[] => Array.from({ length: tokens }, (_, i) => `tok${i % 100} `)

/** One system's way of running each workload; an absent member is "n/a" for that system. */
export interface Driver {
  /** Returns a function running one execution of `steps` sequential trivial steps (W1, W4). */
  chain?(steps: number): Promise<() => Promise<void>>
  /** Returns a function running one execution that loops the trivial step over `items` items, one at a time (W2). */
  loop?(items: number): Promise<() => Promise<void>>
  /** Returns a function running one execution of `branches` parallel branches of one trivial step (W3). */
  branches?(branches: number): Promise<() => Promise<void>>
  /** W5: `start()` runs an execution up to its approval gate; `approve(handle)` resolves once it completed. */
  park?(): Promise<{ start(): Promise<unknown>; approve(handle: unknown): Promise<void> }>
  /**
   * Returns a function streaming one `tokens`-delta reply from the AI SDK mock model to a consumer;
   * resolves the text the consumer received, joined (W6; the harness checks it is the whole reply).
   */
  stream?(tokens: number): Promise<() => Promise<string>>
  /** Returns a function running one durable execution of `steps` steps each returning a `bytes`-long output (W7). */
  durable?(steps: number, bytes: number): Promise<() => Promise<void>>
  /** Bytes written to durable storage so far (default: this process's `wchar`, i.e. bytes passed to write()). */
  bytesWritten?(): Promise<number>
  /** A footnote on how a workload was run by this system (e.g. an in-memory store standing in). */
  notes?: Partial<Record<Workload, string>>
  close?(): Promise<void>
}

/** What a worker prints. */
export interface WorkerResult {
  workload: Workload
  /** Samples per metric (one per round or process). */
  samples: Record<string, number[]>
  /** Sizes actually run (a round stops early at its time budget), and other context. */
  meta: Record<string, unknown>
  na?: string
  note?: string
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.()
const now = (): number => performance.now()

function heapUsed(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** Bytes this process passed to write() so far (Linux `/proc/self/io`). */
export function processWchar(): number {
  const match = /wchar:\s*(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))
  return match === null ? Number.NaN : Number(match[1])
}

/**
 * `s.rounds` rounds, each running `once` up to `runs` times or until the round's time budget
 * passed (at least 3 runs); returns each round's [ms, runs done].
 */
async function timedRounds(once: () => Promise<void>, runs: number, s: Sizes): Promise<[number, number][]> {
  const rounds: [number, number][] = []
  for (let r = 0; r < s.rounds; r++) {
    gc()
    const start = now()
    let done = 0
    while (done < runs && (done < 3 || now() - start < s.roundBudgetMs)) {
      await once()
      done += 1
    }
    rounds.push([now() - start, done])
  }
  return rounds
}

/** Warm-up: at least `runs` runs and at least half a second (so the JIT tiers up). */
async function warm(once: () => Promise<unknown>, runs: number): Promise<void> {
  const start = now()
  for (let done = 0; done < runs || now() - start < 500; done++) await once()
}

type Measure = (driver: Driver, s: Sizes) => Promise<Omit<WorkerResult, 'workload'>>

const measures: Record<Workload, Measure> = {
  async W1(driver, s) {
    const once = await driver.chain!(s.w1Steps)
    await warm(once, 10)
    const rounds = await timedRounds(once, s.w1Runs, s)
    return { samples: { usPerStep: rounds.map(([ms, done]) => (ms * 1000) / (done * s.w1Steps)) }, meta: { steps: s.w1Steps, runsPerRound: rounds.map(([, done]) => done) } }
  },
  async W2(driver, s) {
    await warm(await driver.loop!(100), 3)
    const once = await driver.loop!(s.w2Items)
    const perIteration: number[] = []
    const suite = now()
    for (let r = 0; r < s.rounds && (r < 1 || now() - suite < s.suiteBudgetMs); r++) {
      gc()
      const start = now()
      await once()
      perIteration.push(((now() - start) * 1000) / s.w2Items)
    }
    return { samples: { usPerIteration: perIteration }, meta: { items: s.w2Items, rounds: perIteration.length } }
  },
  async W3(driver, s) {
    const once = await driver.branches!(s.w3Branches)
    await warm(once, 20)
    const rounds = await timedRounds(once, s.w3Runs, s)
    return { samples: { runsPerSecond: rounds.map(([ms, done]) => done / (ms / 1000)) }, meta: { branches: s.w3Branches, runsPerRound: rounds.map(([, done]) => done) } }
  },
  async W4(driver, s) {
    // One round per process (peak RSS is a whole-process figure): the runner starts this one ≥ 5 times.
    const once = await driver.chain!(s.w4Steps)
    await warm(once, 10)
    gc()
    const rssBefore = process.memoryUsage().rss
    let peak = rssBefore
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
    const start = now()
    await Promise.all(Array.from({ length: s.w4Runs }, () => once()))
    const wallMs = now() - start
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)
    const maxRss = process.resourceUsage().maxRSS * 1024
    return { samples: { wallMs: [wallMs], peakRssMb: [Math.max(peak, maxRss) / 2 ** 20] }, meta: { runs: s.w4Runs, steps: s.w4Steps, rssBeforeMb: rssBefore / 2 ** 20, growthMb: (peak - rssBefore) / 2 ** 20 } }
  },
  async W5(driver, s) {
    // Rounds in one process: each parks up to 10,000 runs (heap measured after GC, before and
    // after parking), then approves them all at once.
    const park = await driver.park!()
    for (let i = 0; i < 20; i++) await park.approve(await park.start())
    const kb: number[] = []
    const perSecond: number[] = []
    const parked: number[] = []
    for (let r = 0; r < s.rounds; r++) {
      const before = heapUsed()
      const handles: unknown[] = []
      const parking = now()
      while (handles.length < s.w5Parked && (handles.length < 100 || now() - parking < s.parkBudgetMs)) handles.push(await park.start())
      const after = heapUsed()
      const start = now()
      await Promise.all(handles.map((h) => park.approve(h)))
      perSecond.push(handles.length / ((now() - start) / 1000))
      kb.push((after - before) / 1024 / handles.length)
      parked.push(handles.length)
    }
    return { samples: { kbPerParked: kb, resumesPerSecond: perSecond }, meta: { parkedPerRound: parked } }
  },
  async W6(driver, s) {
    const once = await driver.stream!(s.w6Tokens)
    const reply = replyDeltas(s.w6Tokens).join('')
    await warm(once, 3)
    const perSecond: number[] = []
    const suite = now()
    for (let r = 0; r < s.rounds && (r < 1 || now() - suite < s.suiteBudgetMs); r++) {
      gc()
      let tokens = 0
      const start = now()
      for (let i = 0; i < s.w6Streams; i++) {
        const got = await once()
        if (got !== reply) throw new Error(`W6: received ${got.length} characters of text, expected the ${reply.length} of the reply`)
        tokens += s.w6Tokens
      }
      perSecond.push(tokens / ((now() - start) / 1000))
    }
    return { samples: { tokensPerSecond: perSecond }, meta: { tokens: s.w6Tokens, streamsPerRound: s.w6Streams, rounds: perSecond.length } }
  },
  async W7(driver, s) {
    const once = await driver.durable!(s.w7Steps, s.w7Bytes)
    await once()
    const written = driver.bytesWritten ?? (async () => processWchar())
    const kbPerStep: number[] = []
    const msPerStep: number[] = []
    const suite = now()
    for (let r = 0; r < s.rounds && (r < 2 || now() - suite < s.suiteBudgetMs); r++) {
      gc()
      const bytes = await written()
      const start = now()
      await once()
      msPerStep.push((now() - start) / s.w7Steps)
      kbPerStep.push((await written()) - bytes)
    }
    return { samples: { kbWrittenPerStep: kbPerStep.map((b) => b / 1024 / s.w7Steps), msPerStep }, meta: { steps: s.w7Steps, outputBytes: s.w7Bytes, rounds: msPerStep.length } }
  },
}

const DRIVER_METHOD: Record<Workload, keyof Driver> = { W1: 'chain', W2: 'loop', W3: 'branches', W4: 'chain', W5: 'park', W6: 'stream', W7: 'durable' }

/** Entry point of a worker: `driverFor(mode, sizes)` builds the system's driver. */
export async function runWorker(driverFor: (mode: string, sizes: Sizes) => Promise<Driver>): Promise<void> {
  const [mode, workload] = process.argv.slice(2) as [string, Workload]
  // `--one-round`: the runner starts this workload once per repetition (W4, W6), so one round each.
  const sizes = { ...(process.argv.includes('--quick') ? SIZES.quick : SIZES.full), ...(process.argv.includes('--one-round') ? { rounds: 1 } : {}) }
  if (!WORKLOADS.includes(workload)) throw new Error(`unknown workload ${String(workload)}`)
  const driver = await driverFor(mode, sizes)
  let result: WorkerResult
  if (driver[DRIVER_METHOD[workload]] === undefined) {
    result = { workload, samples: {}, meta: {}, na: 'not supported' }
  } else {
    result = { workload, ...(await measures[workload](driver, sizes)), ...(driver.notes?.[workload] === undefined ? {} : { note: driver.notes[workload] }) }
  }
  await driver.close?.()
  process.stdout.write(`RESULT ${JSON.stringify({ ...result, sink: sink > 0 })}\n`)
  process.exit(0)
}

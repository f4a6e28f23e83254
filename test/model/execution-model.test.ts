/**
 * Model-based test of the execution state machine: fast-check generates command sequences —
 * start, step (release a tool call), crash, lease expiry, timer, approve, deny, cancel, webhook,
 * tick — applies each to the reference model (reference-model.ts) and to real engine instances
 * over one storage (real-system.ts), and compares them after every command (commands.ts). After
 * each sequence the fault-suite invariants hold. ≥ 1,000 runs in CI; 10,000 in the long form
 * (`npm run test:faults -- --long`). A failure prints the seed and the shrunk command list.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ExecutionStatus } from '../../src/index.js'
import { LONG, testSeed } from '../faults/fault-config.js'
import { checkExecutions } from '../faults/invariants.js'
import { commands } from './commands.js'
import { echoes, initialModel } from './reference-model.js'
import { RealSystem } from './real-system.js'

const RUNS = Number(process.env.STEPWISE_MODEL_RUNS ?? (LONG ? 10_000 : 1_000))

describe('the engine against a reference model of the execution state machine', () => {
  it(`agrees with the model over ${RUNS} random command sequences, and the invariants hold after each`, async () => {
    const rng = testSeed('execution-model')
    let commandsRun = 0
    const kinds = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (sequence) => {
        const model = initialModel()
        const real = await RealSystem.create()
        await fc.asyncModelRun(() => ({ model, real }), sequence)
        for (const command of sequence) {
          commandsRun += 1
          const kind = String(command).replace(/\(.*$/, '')
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
        }
        const expected: Partial<Record<ExecutionStatus, number>> = {}
        for (const execution of model.executions) expected[execution.status] = (expected[execution.status] ?? 0) + 1
        if (echoes(model) > 0) expected.completed = (expected.completed ?? 0) + echoes(model)
        const all = (await real.storage.listExecutions(real.tenant, { limit: 500 })).map((e) => e.id)
        await checkExecutions(real.storage, real.tenant, all, expected, { allowRunning: true })
      }),
      { numRuns: RUNS, seed: rng.seed, endOnFailure: true },
    )
    expect(commandsRun).toBeGreaterThan(RUNS)
    console.log(`model-based test: ${RUNS} sequences, ${commandsRun} commands generated (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`)
  }, 600_000)
})

/**
 * Expression denial-of-service corpus: huge ranges, runaway recursion, `$pad` and string bombs,
 * catastrophic regexes, hostile picture strings, data bombs from variables and payloads. Each
 * expression is either refused when the workflow is saved (a typed issue) or fails its step with
 * `LIMIT_EXCEEDED` / `EXPRESSION_FAILED` within its budget, while the event loop stays responsive
 * (its delay is sampled all along) and the process keeps working.
 */
import { tool } from 'ai'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { createEngine, memoryStorage, StepwiseError, type Engine } from '../../src/index.js'
import { githubSignature, webhookRequest } from '../triggers/trigger-helpers.js'

/** Budget of one expression (the default `expressionTimeoutMs`), and the slack a shared, loaded CPU needs. */
const BUDGET_MS = 100
const WALL_LIMIT_MS = BUDGET_MS + 2_900
const LAG_LIMIT_MS = BUDGET_MS + 1_900

const a = (n: number): string => 'a'.repeat(n)

/** Expressions that must fail fast (in a `set` step, or where noted). */
const CORPUS: Record<string, string> = {
  'range of a billion': '[1..1e9]',
  'ten million objects': '[0..9999999].{"x": 1}',
  'count of a huge range': '$count([0..9999999])',
  'tail recursion without a base case': '($f := function($n) { $f($n + 1) }; $f(0))',
  'deep recursion': '($f := function($n) { 1 + $f($n + 1) }; $f(0))',
  'mutual recursion': '($f := function($n) { $g($n) }; $g := function($n) { $f($n + 1) }; $f(0))',
  '$pad bomb': '$pad("", 20000000, "x")',
  '$pad in a loop': '$join([1..200].$pad("", 100000, "x"))',
  'string doubling': '($f := function($s) { $f($s & $s) }; $f("xxxxxxxxxx"))',
  'replace bomb': '$replace($pad("", 100000, "x"), "x", $pad("", 100000, "y"))',
  'sort with a comparator': '$sort([0..99999], function($a, $b) { $a < $b })',
  'nested quantifier regex': `$match("${a(30)}!", /(a+)+$/)`,
  'overlapping alternation regex': `$contains("${a(30)}!", /^(a|a)+$/)`,
  'alternation with a common prefix': `$contains("${a(40)}!", /^(a|aa)+$/)`,
  'hostile $toMillis picture': '$toMillis("2020", "[Y][f][f][f][f][f][f][f][f]")',
  'long $formatNumber picture': `$formatNumber(1, "${'#'.repeat(300)}")`,
  '$eval': '$eval("[1..1e9]")',
  'huge variable mapped': 'variables.big.{"n": $}',
  'huge variable joined repeatedly': '$join(variables.big.$string($) , ",") & $join(variables.big.$string($), ",")',
}

/** Samples the event loop: the longest gap between 5 ms timer ticks, minus the 5 ms. */
function lagProbe(): { stop(): { maxMs: number; p99Ms: number } } {
  const gaps: number[] = []
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    gaps.push(now - last - 5)
    last = now
  }, 5)
  return {
    stop() {
      clearInterval(timer)
      gaps.push(performance.now() - last - 5)
      gaps.sort((x, y) => x - y)
      return { maxMs: Math.max(0, gaps[gaps.length - 1]), p99Ms: Math.max(0, gaps[Math.floor(gaps.length * 0.99)]) }
    },
  }
}

/** A data bomb for the expressions that read `variables.big`. */
const BIG = Array.from({ length: 200_000 }, (_, i) => i)

interface Outcome {
  name: string
  where: 'save' | 'step'
  code: string
  wallMs: number
}

/** Runs one expression; resolves with where it was stopped and how. */
async function attack(engine: Engine, name: string, expression: string): Promise<Outcome> {
  const started = performance.now()
  const definition = { id: 'dos', variables: { big: { type: 'array' } }, steps: [{ id: 'evil', type: 'set', values: { v: expression } }] }
  try {
    await engine.workflows.save(definition)
  } catch (error) {
    expect(StepwiseError.isInstance(error) && error.code === 'WORKFLOW_INVALID', `${name}: refused at save with a typed issue`).toBe(true)
    return { name, where: 'save', code: 'WORKFLOW_INVALID', wallMs: performance.now() - started }
  }
  const big = expression.includes('variables.big') ? BIG : []
  const execution = await engine.run('dos', { variables: { big } })
  expect(execution.status, `${name}: the step fails`).toBe('failed')
  expect(execution.error?.stepId).toBe('evil')
  return { name, where: 'step', code: String(execution.error?.code), wallMs: performance.now() - started }
}

describe('expression denial of service', () => {
  it('every corpus expression is refused at save or fails its step within budget; the event loop stays responsive', async () => {
    const engine = createEngine({ storage: memoryStorage() })
    const probe = lagProbe()
    const outcomes: Outcome[] = []
    for (const [name, expression] of Object.entries(CORPUS)) {
      outcomes.push(await attack(engine, name, expression))
      // Memory storage never waits for I/O, so back-to-back runs would be one long microtask chain:
      // let the probe tick between attacks, so a stall it sees is one attack's.
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const lag = probe.stop()
    for (const outcome of outcomes) {
      expect(['WORKFLOW_INVALID', 'LIMIT_EXCEEDED', 'EXPRESSION_FAILED'], `${outcome.name}: ${outcome.code}`).toContain(outcome.code)
      expect(outcome.wallMs, `${outcome.name}: wall time`).toBeLessThan(WALL_LIMIT_MS)
    }
    expect(lag.maxMs, 'longest event-loop stall').toBeLessThan(LAG_LIMIT_MS)
    // The process still works normally afterwards.
    expect((await engine.run({ id: 'fine', steps: [{ id: 'ok', type: 'set', values: { v: '1 + 1' } }] })).outputs.v).toBe(2)
    console.log(
      `expression DoS: ${outcomes.filter((o) => o.where === 'save').length} refused at save, ${outcomes.filter((o) => o.where === 'step').length} failed their step; ` +
        `slowest ${Math.round(Math.max(...outcomes.map((o) => o.wallMs)))} ms; event-loop delay p99 ${Math.round(lag.p99Ms)} ms, max ${Math.round(lag.maxMs)} ms`,
    )
  }, 120_000)

  it('twenty attacks at once: each fails alone, the others and a healthy run are not held up past the budget', async () => {
    const engine = createEngine({ storage: memoryStorage() })
    const runaway = { id: 'runaway', steps: [{ id: 'evil', type: 'set', values: { v: '($f := function($n) { $f($n + 1) }; $f(0))' } }] }
    const started = performance.now()
    const [healthy, ...attacks] = await Promise.all([
      engine.run({ id: 'healthy', steps: [{ id: 'ok', type: 'set', values: { v: '"fine"' } }] }),
      ...Array.from({ length: 20 }, () => engine.run(runaway)),
    ])
    expect(healthy.status).toBe('completed')
    expect(attacks.map((e) => e.error?.code)).toEqual(Array.from({ length: 20 }, () => 'LIMIT_EXCEEDED'))
    expect(performance.now() - started, 'all settled').toBeLessThan(20 * BUDGET_MS + 5_000)
  }, 60_000)

  it('expressions in trigger mappings, conditions, loops and tool arguments are bounded the same way', async () => {
    const noop = tool({ inputSchema: z.object({ x: z.unknown() }), execute: async () => 'called' })
    const engine = createEngine({ storage: memoryStorage(), tools: { noop } })
    const recursion = '($f := function($n) { $f($n + 1) }; $f(0))'
    const cases = [
      { id: 'cond', steps: [{ id: 'evil', type: 'conditional', condition: recursion, then: [], else: [] }] },
      { id: 'skip', steps: [{ id: 'evil', type: 'set', if: recursion, values: { v: '1' } }] },
      { id: 'loop-over', steps: [{ id: 'evil', type: 'loop', over: '[1..100000]', steps: [{ id: 'x', type: 'set', values: { v: '1' } }] }] },
      { id: 'wait-until', steps: [{ id: 'evil', type: 'wait', until: recursion }] },
      { id: 'tool-arguments', steps: [{ id: 'evil', type: 'tool', tool: 'noop', arguments: { x: `{{ ${recursion} }}` } }] },
    ]
    for (const definition of cases) {
      const execution = await engine.run(definition)
      expect([definition.id, execution.status, execution.error?.code]).toEqual([definition.id, 'failed', 'LIMIT_EXCEEDED'])
    }
    await engine.workflows.save({ id: 'echo', steps: [{ id: 'ok', type: 'set', values: { v: '1' } }] })
    await engine.triggers.save({ name: 'hook', type: 'webhook', workflowId: 'echo', config: { path: 'hook', secret: 'k', variableMapping: { v: '$count(items.{"x": $})' } } })
    const body = JSON.stringify({ items: Array.from({ length: 150_000 }, () => 1) }) // under the 1 MiB body cap
    const started = performance.now()
    const response = await engine.handleWebhook(webhookRequest('hook', body, { 'X-Hub-Signature-256': githubSignature('k', body), 'X-GitHub-Delivery': 'bomb' }))
    expect(response.status, 'a mapping over a huge payload is refused, not run to the end').toBe(400)
    expect(performance.now() - started).toBeLessThan(WALL_LIMIT_MS)
  }, 60_000)
})

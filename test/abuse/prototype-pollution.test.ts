/**
 * Prototype pollution through payloads (variables, webhook bodies, event payloads, tool
 * arguments), tool outputs and expressions (object constructors, `$merge`, transforms, `$spread`,
 * `$sift`, `$each`), on every adapter. Nothing may reach a prototype: after each case
 * `({}).polluted` is undefined, the built-in prototypes are unchanged, and every object read back
 * from storage or returned to the host is plain data whose prototype is untouched. Keys named
 * `__proto__` survive as ordinary data or are dropped.
 */
import { tool } from 'ai'
import { z } from 'zod'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine, type StorageAdapterV1 } from '../../src/index.js'
import { githubSignature, webhookRequest } from '../triggers/trigger-helpers.js'
import { adapterCases } from './adapters.js'

const PAYLOAD = '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "nested": [{"__proto__": {"polluted": "yes"}}], "ok": 1}'
const evil = (): Record<string, unknown> => JSON.parse(PAYLOAD) as Record<string, unknown>

const BUILTINS = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype]
const snapshot = (): string[][] => BUILTINS.map((proto) => Object.getOwnPropertyNames(proto).sort())
const PRISTINE = snapshot()

/** Nothing global is polluted. */
function expectNoGlobalPollution(): void {
  expect(({} as Record<string, unknown>).polluted, '({}).polluted').toBeUndefined()
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined()
  expect(snapshot(), 'own keys of the built-in prototypes').toEqual(PRISTINE)
}

/** Every object inside `value` is plain data: its prototype is Object.prototype, Array.prototype or null. */
function expectPlain(value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null) return
  const proto: unknown = Object.getPrototypeOf(value)
  expect([Object.prototype, Array.prototype, null].includes(proto as object), `prototype of ${path}`).toBe(true)
  for (const key of Object.getOwnPropertyNames(value)) {
    if (Array.isArray(value) && key === 'length') continue
    expectPlain((value as Record<string, unknown>)[key], `${path}.${key}`)
  }
}

/** Reads an execution back (record, steps, events) and checks it is plain data. */
async function expectStoredPlain(engine: Engine, id: string): Promise<void> {
  const execution = await engine.executions.get(id)
  expectPlain(execution, `execution ${id}`)
  expectPlain(await engine.executions.steps(id), `steps of ${id}`)
  const events = []
  for await (const event of engine.events(id)) events.push(event)
  expectPlain(events, `events of ${id}`)
}

const EXPRESSIONS = {
  fromVariables: 'variables',
  fromTool: 'outputs.echo',
  merged: '$merge([{}, outputs.echo, variables])',
  built: '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
  transformed: '{"a": 1} ~> | $ | {"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}} |',
  spread: '$spread(variables)',
  sifted: '$sift(variables, function($v, $k) { true })',
  keys: '$each(variables, function($v, $k) { $k })',
  lookedUp: '$lookup(variables, "__proto__")',
}

for (const adapter of adapterCases()) {
  describe(`prototype pollution: ${adapter.name} storage`, () => {
    afterAll(() => adapter.dispose())
    let storage: StorageAdapterV1

    const engineWith = (): Engine => {
      storage = adapter.create()
      const echo = tool({ inputSchema: z.object({}).passthrough(), execute: async () => evil() })
      return createEngine({ storage, tools: { echo } })
    }

    it('variables, tool arguments, tool outputs and expressions', async () => {
      const engine = engineWith()
      const execution = await engine.run(
        { id: 'pollute', steps: [{ id: 'echo', type: 'tool', tool: 'echo', arguments: { payload: '{{ variables }}' } }, { id: 'mix', type: 'set', values: EXPRESSIONS }] },
        { variables: evil() },
      )
      expectNoGlobalPollution()
      expect(execution.status, JSON.stringify(execution.error)).toBe('completed')
      expectPlain(execution, 'returned execution')
      await expectStoredPlain(engine, execution.id)
      const outputs = (await engine.executions.get(execution.id)).outputs
      // `__proto__` keys from data survive as ordinary own keys (or are dropped), never as prototypes.
      expect(Object.hasOwn(outputs.echo as object, '__proto__'), 'tool output keeps its `__proto__` key as data').toBe(true)
      expect((outputs.echo as Record<string, unknown>).ok).toBe(1)
      expect((outputs.fromVariables as Record<string, unknown>).ok).toBe(1)
      expect(Object.getPrototypeOf(outputs)).toBe(Object.prototype)
      expect((outputs as Record<string, unknown>).polluted).toBeUndefined()
    })

    it('definitions with `__proto__` keys or names are refused at save', async () => {
      const engine = engineWith()
      const set = { type: 'set', values: { v: '1' } }
      const refused = [
        JSON.parse('{"id": "a", "steps": [{"id": "s", "type": "set", "values": {"v": "1", "__proto__": "{\\"polluted\\": \\"yes\\"}"}}]}'),
        { id: 'b', steps: [{ id: 'e', type: 'tool', tool: 'echo', arguments: evil() }] },
        { id: 'c', steps: [{ id: '__proto__', ...set }] },
        { id: 'd', steps: [{ id: 'e', type: 'tool', tool: 'echo', outputVariable: '__proto__' }] },
        { id: 'e', steps: [{ id: 'l', type: 'loop', over: '[{"polluted": "yes"}]', itemVar: '__proto__', steps: [{ id: 'x', ...set }] }] },
        JSON.parse('{"id": "f", "variables": {"__proto__": {"type": "object"}}, "steps": [{"id": "x", "type": "set", "values": {"v": "1"}}]}'),
      ]
      for (const definition of refused) {
        await expect(engine.workflows.save(definition), JSON.stringify(definition)).rejects.toMatchObject({ code: 'WORKFLOW_INVALID' })
        await expect(engine.run(definition)).rejects.toMatchObject({ code: 'WORKFLOW_INVALID' })
      }
      expect(await engine.executions.list()).toEqual([])
      expectNoGlobalPollution()
    })

    it('webhook bodies, variable mappings and event payloads', async () => {
      const engine = engineWith()
      await engine.workflows.save({ id: 'sink', steps: [{ id: 'keep', type: 'set', values: { payload: 'variables._payload', mapped: 'variables.mapped' } }] })
      await engine.triggers.save({ name: 'hook', type: 'webhook', workflowId: 'sink', config: { path: 'hook', secret: 'k', variableMapping: { mapped: '$' } } })
      await engine.triggers.save({ name: 'on-evil', type: 'event', workflowId: 'sink', config: { event: 'evil', variableMapping: { mapped: '__proto__' } } })
      const response = await engine.handleWebhook(webhookRequest('hook', PAYLOAD, { 'X-Hub-Signature-256': githubSignature('k', PAYLOAD), 'X-GitHub-Delivery': 'p-1' }))
      expect(response.status).toBe(202)
      const { executionId } = (await response.json()) as { executionId: string }
      const emitted = await engine.emit('evil', evil())
      expectNoGlobalPollution()
      for (const id of [executionId, ...emitted.map((e) => e.executionId as string)]) {
        const settled = await engine.executions.settled(id)
        expect(settled.status, JSON.stringify(settled.error)).toBe('completed')
        await expectStoredPlain(engine, id)
      }
      const trigger = (await engine.triggers.list()).find((t) => t.name === 'hook')
      expectPlain(await engine.triggers.deliveries(trigger?.id as string), 'delivery log')
      expectNoGlobalPollution()
    })
  })
}

/**
 * Secret canaries, on every adapter. Two kinds of secret pass through stepwise:
 * - a webhook trigger's signing secret: stored in the trigger record (it must be, to verify), and
 *   nowhere else — not in executions, steps, events, the delivery log, responses, errors or logs;
 * - credentials in request headers (`Authorization`, cookies, API keys, GitLab's plain token…):
 *   never stored at all (`_trigger.headers` leaves them out).
 * A tool that holds a host secret and returns a masked result leaks nothing either. Every row of
 * every table is read past the adapter, and everything the host sees is captured.
 */
import { randomBytes } from 'node:crypto'
import { tool } from 'ai'
import { z } from 'zod'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEngine, type StepwiseEvent } from '../../src/index.js'
import { githubSignature, standardHeaders, webhookRequest } from '../triggers/trigger-helpers.js'
import { adapterCases } from './adapters.js'

/** Everything printed while a test runs. */
const printed: string[] = []
beforeEach(() => {
  printed.length = 0
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')))
  const write = (chunk: unknown): boolean => (printed.push(String(chunk)), true)
  vi.spyOn(process.stdout, 'write').mockImplementation(write)
  vi.spyOn(process.stderr, 'write').mockImplementation(write)
})
afterEach(() => vi.restoreAllMocks())

for (const adapter of adapterCases()) {
  describe(`secret canaries: ${adapter.name} storage`, () => {
    afterAll(() => adapter.dispose())

    it('the signing secret stays in its trigger record; header credentials and tool secrets are stored nowhere', async () => {
      const signing = `canary-sign-${randomBytes(8).toString('hex')}`
      const credential = `canary-cred-${randomBytes(8).toString('hex')}`
      const hostSecret = `canary-host-${randomBytes(8).toString('hex')}`
      const storage = adapter.create()
      const charge = tool({
        inputSchema: z.object({ amount: z.number() }),
        execute: async ({ amount }) => ({ charged: amount, account: `${hostSecret.slice(0, 4)}…` }), // uses the key, returns it masked
      })
      const engine = createEngine({ storage, tools: { charge } })
      const seen: unknown[] = []
      engine.on('*', (event: StepwiseEvent) => seen.push(event))
      engine.on('trigger.delivery', (event) => seen.push(event))

      await engine.workflows.save({
        id: 'pay',
        steps: [
          { id: 'headers', type: 'set', values: { headers: 'variables._trigger.headers', trigger: 'variables._trigger', payload: 'variables._payload' } },
          { id: 'pay', type: 'tool', tool: 'charge', arguments: { amount: '{{ variables._payload.amount }}' } },
          { id: 'fail', type: 'set', if: 'variables._payload.amount > 100', values: { v: '$error("refused")' } },
        ],
      })
      await engine.triggers.save({ name: 'github', type: 'webhook', workflowId: 'pay', config: { path: 'gh', secret: signing } })
      await engine.triggers.save({ name: 'standard', type: 'webhook', workflowId: 'pay', config: { path: 'std', secret: signing } })
      const credentials = {
        Authorization: `Bearer ${credential}`,
        'Proxy-Authorization': `Basic ${credential}`,
        Cookie: `session=${credential}`,
        'X-Api-Key': credential,
        'X-Gitlab-Token': credential,
        'X-Auth-Token': credential,
      }
      const body = (amount: number): string => JSON.stringify({ amount })
      const now = Math.floor(Date.now() / 1000)
      const requests = [
        webhookRequest('gh', body(5), { ...credentials, 'X-Hub-Signature-256': githubSignature(signing, body(5)), 'X-GitHub-Delivery': 'ok-1' }),
        webhookRequest('gh', body(5), { ...credentials, 'X-Hub-Signature-256': githubSignature(signing, body(5)), 'X-GitHub-Delivery': 'ok-1' }), // replay
        webhookRequest('gh', body(500), { ...credentials, 'X-Hub-Signature-256': githubSignature(signing, body(500)), 'X-GitHub-Delivery': 'fails' }),
        webhookRequest('gh', body(5), { ...credentials, 'X-Hub-Signature-256': githubSignature('wrong', body(5)), 'X-GitHub-Delivery': 'forged' }),
        webhookRequest('std', body(7), { ...credentials, ...standardHeaders(signing, 'msg-1', now, body(7)) }),
        webhookRequest('std', body(7), { ...credentials, ...standardHeaders(signing, 'msg-2', now - 3_600, body(7)) }), // stale
      ]
      const answers: string[] = []
      for (const request of requests) {
        const response = await engine.handleWebhook(request)
        const headers: string[] = []
        response.headers.forEach((value, name) => headers.push(`${name}: ${value}`))
        answers.push(`${response.status} ${headers.join('; ')} ${await response.text()}`)
      }
      expect(answers.map((a) => a.slice(0, 3))).toEqual(['202', '200', '202', '401', '202', '401'])
      const errors: string[] = []
      for (const id of (await engine.executions.list()).map((e) => e.id)) {
        const execution = await engine.executions.settled(id)
        if (execution.error !== undefined) errors.push(JSON.stringify(execution.error))
        seen.push(execution, await engine.executions.steps(id))
      }
      expect(errors).toHaveLength(1) // the run that failed on purpose
      for (const trigger of await engine.triggers.list()) seen.push(await engine.triggers.deliveries(trigger.id))
      await engine.executions.get('no-such-execution').catch((error: unknown) => errors.push(String(error)))

      const hostView = JSON.stringify([answers, errors, seen])
      const stored = await adapter.dump()
      const storedOutsideTriggers = await adapter.dump(['stepwise_triggers'])
      for (const [name, canary] of [['signing secret', signing], ['header credential', credential], ['host secret', hostSecret]] as const) {
        expect(hostView.includes(canary), `${name} in what the host saw`).toBe(false)
        expect(printed.join('\n').includes(canary), `${name} in the logs`).toBe(false)
        expect(storedOutsideTriggers.includes(canary), `${name} in storage outside the trigger records`).toBe(false)
      }
      expect(stored.includes(credential) || stored.includes(hostSecret), 'credentials anywhere in storage').toBe(false)
      expect(stored.includes(signing) || adapter.name === 'memory', 'the signing secret is in its trigger record (the dump reads it)').toBe(true)
      expect(stored.includes('x-github-delivery'), 'the dump does hold the headers a workflow may read').toBe(true)
    })
  })
}

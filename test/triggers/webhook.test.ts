import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { githubSignature, standardHeaders, triggerEngine, webhookRequest, executionsOf } from './trigger-helpers.js'

const SECRET = 's3cret-for-tests'
const WHSEC = `whsec_${Buffer.from('a-standard-webhooks-secret-32bytes!').toString('base64')}`

async function body(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>
}

describe('webhook triggers: routing and transport checks', () => {
  it('404 for unknown, disabled and foreign paths; 405 for the wrong method; 413 over the body cap', async () => {
    const { engine } = await triggerEngine({ webhookMaxBodyBytes: 100 })
    const hook = await engine.triggers.save({ name: 'hook', type: 'webhook', workflowId: 'echo', config: { path: 'github/push' } })
    await engine.forTenant('acme').workflows.save({ id: 'echo', steps: [{ id: 'n', type: 'set', values: { x: '1' } }] })
    await engine.forTenant('acme').triggers.save({ name: 'acme', type: 'webhook', workflowId: 'echo', config: { path: 'acme-only' } })

    expect((await engine.handleWebhook(webhookRequest('nope', {}))).status).toBe(404)
    expect((await engine.handleWebhook(new Request('https://h/api/hooks/github/push', { method: 'POST', body: '{}' }))).status).toBe(404)
    const foreign = await engine.handleWebhook(webhookRequest('acme-only', {}))
    expect(foreign.status).toBe(404)
    expect(await body(foreign)).toEqual({ error: { code: 'NOT_FOUND', message: 'No webhook at /webhooks/acme-only.' } })
    expect((await engine.handleWebhook(webhookRequest('acme-only', {}), { tenantId: 'acme' })).status).toBe(202)

    const wrong = await engine.handleWebhook(webhookRequest('github/push', undefined, {}, 'GET'))
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    expect(await body(wrong)).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } })

    const big = await engine.handleWebhook(webhookRequest('github/push', { text: 'x'.repeat(200) }))
    expect(big.status).toBe(413)
    expect(await body(big)).toMatchObject({ error: { code: 'LIMIT_EXCEEDED' } })
    // Without Content-Length the cap applies while reading the stream.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(50)))
        controller.close()
      },
    })
    const streamed = new Request('https://h/webhooks/github/push', { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
    expect((await engine.handleWebhook(streamed)).status).toBe(413)

    await engine.triggers.disable(hook.id)
    expect((await engine.handleWebhook(webhookRequest('github/push', {}))).status).toBe(404)
    const log = (await engine.triggers.deliveries(hook.id)).deliveries
    expect(log.map((d) => [d.outcome, d.reason])).toEqual([
      ['no_match', 'body larger than 100 bytes'],
      ['no_match', 'body larger than 100 bytes'],
      ['no_match', 'method GET not allowed (POST)'],
    ])
  })

  it('accepts HMAC-SHA256 as sha256=<hex> or bare hex, in X-Hub-Signature-256 or X-Webhook-Signature', async () => {
    const { engine } = await triggerEngine()
    await engine.triggers.save({ name: 'signed', type: 'webhook', workflowId: 'echo', config: { path: 'signed', secret: SECRET } })
    const payload = JSON.stringify({ n: 1 })
    const sig = githubSignature(SECRET, payload)
    const forms: Record<string, string>[] = [
      { 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': 'd-1' },
      { 'X-Hub-Signature-256': sig.slice('sha256='.length), 'X-GitHub-Delivery': 'd-2' },
      { 'X-Webhook-Signature': sig, 'X-Request-Id': 'd-3' },
      { 'X-Webhook-Signature': sig.slice(7).toUpperCase(), 'X-Webhook-Id': 'd-4' },
    ]
    for (const headers of forms) expect((await engine.handleWebhook(webhookRequest('signed', payload, headers))).status).toBe(202)
    expect(await executionsOf(engine)).toHaveLength(4)
  })

  it('rejects missing, forged and tampered signatures with 401 and logs invalid_signature', async () => {
    const { engine } = await triggerEngine()
    const hook = await engine.triggers.save({ name: 'signed', type: 'webhook', workflowId: 'echo', config: { path: 'signed', secret: SECRET } })
    const payload = JSON.stringify({ amount: 100 })
    const attempts: Record<string, string>[] = [
      {},
      { 'X-Hub-Signature-256': githubSignature('wrong-secret', payload) },
      { 'X-Hub-Signature-256': githubSignature(SECRET, JSON.stringify({ amount: 1 })) },
      { 'X-Hub-Signature-256': 'sha256=abc' },
    ]
    for (const headers of attempts) {
      const response = await engine.handleWebhook(webhookRequest('signed', payload, headers))
      expect(response.status).toBe(401)
      expect(await body(response)).toMatchObject({ error: { code: 'WEBHOOK_SIGNATURE_INVALID' } })
    }
    expect(await executionsOf(engine)).toEqual([])
    const log = (await engine.triggers.deliveries(hook.id)).deliveries
    expect(log.map((d) => [d.outcome, d.reason])).toEqual([
      ['invalid_signature', 'invalid signature'],
      ['invalid_signature', 'invalid signature'],
      ['invalid_signature', 'invalid signature'],
      ['invalid_signature', 'missing signature'],
    ])
    expect(log[0].payloadPreview).toBe(payload)
  })

  it('Standard Webhooks: accepts a fresh signature, rejects stale or future timestamps, dedups a replay by webhook-id', async () => {
    const { engine, clock } = await triggerEngine({ start: '2026-05-01T10:00:00.000Z' })
    const hook = await engine.triggers.save({ name: 'std', type: 'webhook', workflowId: 'echo', config: { path: 'std', secret: WHSEC } })
    const now = Math.floor(clock.now().getTime() / 1000)
    const payload = JSON.stringify({ type: 'invoice.paid' })
    const fresh = standardHeaders(WHSEC, 'msg_1', now - 10, payload)
    const first = await engine.handleWebhook(webhookRequest('std', payload, fresh))
    expect(first.status).toBe(202)
    const { executionId } = await body(first)
    // The same delivery replayed within the tolerance: a duplicate, no new execution.
    const replay = await engine.handleWebhook(webhookRequest('std', payload, fresh))
    expect(replay.status).toBe(200)
    expect(await body(replay)).toEqual({ executionId, duplicate: true, outcome: 'duplicate' })
    // Stale (6 minutes old) and future (6 minutes ahead) timestamps are rejected, even when correctly signed.
    for (const ts of [now - 360, now + 360]) {
      const response = await engine.handleWebhook(webhookRequest('std', payload, standardHeaders(WHSEC, `msg_${ts}`, ts, payload)))
      expect(response.status).toBe(401)
    }
    // A captured request replayed after the tolerance is rejected.
    clock.advance(6 * 60_000)
    expect((await engine.handleWebhook(webhookRequest('std', payload, fresh))).status).toBe(401)
    // A signature list with one valid entry passes (secret rotation).
    const rotated = standardHeaders(WHSEC, 'msg_2', now + 360, payload)
    rotated['webhook-signature'] = `v1,Zm9yZ2Vk ${rotated['webhook-signature']}`
    expect((await engine.handleWebhook(webhookRequest('std', payload, rotated))).status).toBe(202)
    const reasons = (await engine.triggers.deliveries(hook.id)).deliveries.filter((d) => d.outcome === 'invalid_signature').map((d) => d.reason)
    expect(reasons).toEqual(['webhook-timestamp outside the 5-minute tolerance', 'webhook-timestamp outside the 5-minute tolerance', 'webhook-timestamp outside the 5-minute tolerance'])
  })
})

describe('webhook triggers: delivery dedup, payload and filters', () => {
  it('10 identical concurrent deliveries: one 202, nine 200 duplicates of the same execution', async () => {
    const { engine } = await triggerEngine()
    const hook = await engine.triggers.save({ name: 'gh', type: 'webhook', workflowId: 'echo', config: { path: 'gh', secret: SECRET } })
    const payload = JSON.stringify({ action: 'opened' })
    const headers = { 'X-Hub-Signature-256': githubSignature(SECRET, payload), 'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' }
    const responses = await Promise.all(Array.from({ length: 10 }, () => engine.handleWebhook(webhookRequest('gh', payload, headers))))
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202])
    const bodies = await Promise.all(responses.map(body))
    expect(new Set(bodies.map((b) => b.executionId)).size).toBe(1)
    expect(await executionsOf(engine)).toHaveLength(1)
    const log = (await engine.triggers.deliveries(hook.id)).deliveries
    expect(log.map((d) => d.outcome).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'matched'])
    expect(new Set(log.map((d) => d.deliveryId))).toEqual(new Set(['72d3162e-cc78-11e3-81ab-4c9367dc0958']))
  })

  it('without a delivery-id header, deliveries dedup on a hash of signature and body', async () => {
    const { engine } = await triggerEngine()
    await engine.triggers.save({ name: 'plain', type: 'webhook', workflowId: 'echo', config: { path: 'plain' } })
    const a = await engine.handleWebhook(webhookRequest('plain', { n: 1 }))
    const again = await engine.handleWebhook(webhookRequest('plain', { n: 1 }))
    const b = await engine.handleWebhook(webhookRequest('plain', { n: 2 }))
    expect([a.status, again.status, b.status]).toEqual([202, 200, 202])
    expect((await body(again)).executionId).toBe((await body(a)).executionId)
  })

  it('_payload is the JSON body with the query under `query`; variableMapping reads it; _trigger has safe headers', async () => {
    const { engine } = await triggerEngine()
    await engine.workflows.save({
      id: 'triage',
      variables: { title: { type: 'string', required: true }, ref: { type: 'string' } },
      steps: [{ id: 'n', type: 'set', values: { title: 'variables.title' } }],
    })
    const hook = await engine.triggers.save({
      name: 'issues',
      type: 'webhook',
      workflowId: 'triage',
      config: { path: 'issues', secret: SECRET, variables: { source: 'github' }, variableMapping: { title: 'issue.title', ref: '{{ query.ref }}', labels: '$.issue.labels.name', missing: 'nothing.here' } },
    })
    const payload = JSON.stringify({ issue: { title: 'Crash on start', labels: [{ name: 'bug' }, { name: 'p1' }] } })
    const response = await engine.handleWebhook(
      new Request('https://app.example.com/webhooks/issues?ref=main&tag=a&tag=b', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': githubSignature(SECRET, payload), 'X-GitHub-Event': 'issues', Authorization: 'Bearer x' },
        body: payload,
      }),
    )
    expect(response.status).toBe(202)
    const execution = await engine.executions.get(String((await body(response)).executionId))
    expect(execution.variables).toMatchObject({
      source: 'github',
      title: 'Crash on start',
      ref: 'main',
      labels: ['bug', 'p1'],
      _payload: { issue: { title: 'Crash on start' }, query: { ref: 'main', tag: ['a', 'b'] } },
    })
    expect(execution.variables).not.toHaveProperty('missing')
    expect(execution.trigger).toMatchObject({ type: 'webhook', triggerId: hook.id, name: 'issues', path: 'issues', method: 'POST', event: 'issues' })
    const headers = execution.trigger?.headers as Record<string, string>
    expect(headers['x-github-event']).toBe('issues')
    expect(headers).not.toHaveProperty('authorization')
    expect(headers).not.toHaveProperty('x-hub-signature-256')
  })

  it('non-JSON bodies give {} (plus query); GitHub form deliveries are unwrapped', async () => {
    const { engine } = await triggerEngine()
    await engine.triggers.save({ name: 'h', type: 'webhook', workflowId: 'echo', config: { path: 'h' } })
    const text = await engine.handleWebhook(new Request('https://h/webhooks/h?x=1', { method: 'POST', body: 'not json' }))
    expect((await engine.executions.get(String((await body(text)).executionId))).variables._payload).toEqual({ query: { x: '1' } })
    const form = await engine.handleWebhook(
      new Request('https://h/webhooks/h', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ payload: JSON.stringify({ zen: 'Keep it simple.' }) }).toString(),
      }),
    )
    expect((await engine.executions.get(String((await body(form)).executionId))).variables._payload).toEqual({ zen: 'Keep it simple.', query: {} })
  })

  it('GitHub-style filter: events (bare or event.action), actions, branch, labels', async () => {
    const { engine } = await triggerEngine()
    const hook = await engine.triggers.save({
      name: 'prs',
      type: 'webhook',
      workflowId: 'echo',
      config: { path: 'prs', filter: { events: ['pull_request.opened', 'push'], branch: ['main'], labels: ['deploy'] } },
    })
    const pr = (action: string, base: string, labels: string[]) => ({ action, pull_request: { base: { ref: base }, labels: labels.map((name) => ({ name })) } })
    const send = async (event: string | undefined, payload: unknown, id: string) => {
      const headers: Record<string, string> = { 'X-GitHub-Delivery': id }
      if (event !== undefined) headers['X-GitHub-Event'] = event
      const response = await engine.handleWebhook(webhookRequest('prs', payload, headers))
      return [response.status, (await body(response)).reason]
    }
    expect(await send('pull_request', pr('opened', 'main', ['deploy']), '1')).toEqual([202, undefined])
    expect(await send('pull_request', pr('closed', 'main', ['deploy']), '2')).toEqual([200, 'event "pull_request.closed" not in filter.events'])
    expect(await send('pull_request', pr('opened', 'dev', ['deploy']), '3')).toEqual([200, 'branch "dev" not in filter.branch'])
    expect(await send('pull_request', pr('opened', 'main', ['docs']), '4')).toEqual([200, 'no label of filter.labels on the pull request'])
    expect(await send(undefined, pr('opened', 'main', ['deploy']), '5')).toEqual([200, 'missing X-GitHub-Event header'])
    expect(await send('push', { ref: 'refs/heads/main', labels: ['deploy'] }, '6')).toEqual([202, undefined])
    const log = (await engine.triggers.deliveries(hook.id)).deliveries
    expect(log.map((d) => d.outcome)).toEqual(['matched', 'no_match', 'no_match', 'no_match', 'no_match', 'matched'])
    expect(log[1]).toMatchObject({ eventType: 'prs', deliveryId: '5' })
    await engine.triggers.save({ name: 'acts', type: 'webhook', workflowId: 'echo', config: { path: 'acts', filter: { actions: ['opened', 'reopened'] } } })
    expect((await engine.handleWebhook(webhookRequest('acts', { action: 'reopened' }))).status).toBe(202)
    expect(await body(await engine.handleWebhook(webhookRequest('acts', { action: 'labeled' })))).toEqual({ outcome: 'no_match', reason: 'action "labeled" not in filter.actions' })
    expect(log[2]).toMatchObject({ eventType: 'pull_request', deliveryId: '4' })
  })

  it('429 at the concurrency cap, but a redelivery of an accepted delivery is still a 200 duplicate', async () => {
    const { engine } = await triggerEngine()
    await engine.workflows.save({ id: 'gated', steps: [{ id: 'ok', type: 'approval', prompt: 'go?' }] })
    const hook = await engine.triggers.save({ name: 'capped', type: 'webhook', workflowId: 'gated', config: { path: 'capped', maxConcurrent: 1 } })
    const first = await engine.handleWebhook(webhookRequest('capped', { n: 1 }, { 'X-Request-Id': 'r-1' }))
    expect(first.status).toBe(202)
    const { executionId } = await body(first)
    await engine.executions.settled(String(executionId))
    const second = await engine.handleWebhook(webhookRequest('capped', { n: 2 }, { 'X-Request-Id': 'r-2' }))
    expect(second.status).toBe(429)
    expect(second.headers.get('retry-after')).toBe('60')
    expect(await body(second)).toMatchObject({ error: { code: 'LIMIT_EXCEEDED' } })
    const redelivery = await engine.handleWebhook(webhookRequest('capped', { n: 1 }, { 'X-Request-Id': 'r-1' }))
    expect(redelivery.status).toBe(200)
    expect(await body(redelivery)).toMatchObject({ executionId, duplicate: true })
    expect((await engine.triggers.deliveries(hook.id)).deliveries.map((d) => d.outcome)).toEqual(['duplicate', 'concurrency_cap', 'matched'])
  })

  it('a trigger whose workflow is missing answers 404 and logs workflow_missing; bad variables answer 400', async () => {
    const { engine } = await triggerEngine()
    const orphan = await engine.triggers.save({ name: 'orphan', type: 'webhook', workflowId: 'not-saved-yet', config: { path: 'orphan' } })
    const response = await engine.handleWebhook(webhookRequest('orphan', {}))
    expect(response.status).toBe(404)
    expect((await engine.triggers.deliveries(orphan.id)).deliveries[0]).toMatchObject({ outcome: 'workflow_missing', reason: 'workflow "not-saved-yet" not found' })
    await engine.workflows.save({ id: 'strict', variables: { title: { type: 'string', required: true } }, steps: [{ id: 'n', type: 'set', values: { x: '1' } }] })
    const strict = await engine.triggers.save({ name: 'strict', type: 'webhook', workflowId: 'strict', config: { path: 'strict' } })
    const bad = await engine.handleWebhook(webhookRequest('strict', {}))
    expect(bad.status).toBe(400)
    expect(await body(bad)).toMatchObject({ error: { code: 'VARIABLES_INVALID' } })
    expect((await engine.triggers.deliveries(strict.id)).deliveries[0]).toMatchObject({ outcome: 'error', reason: expect.stringContaining('VARIABLES_INVALID') })
  })

  it('a sender can sign with node:crypto exactly as docs/triggers.md shows', async () => {
    const { engine } = await triggerEngine()
    await engine.triggers.save({ name: 'docs', type: 'webhook', workflowId: 'echo', config: { path: 'docs', secret: SECRET } })
    const raw = JSON.stringify({ hello: 'world' })
    const hex = createHmac('sha256', SECRET).update(raw).digest('hex')
    const response = await engine.handleWebhook(webhookRequest('docs', raw, { 'X-Webhook-Signature': `sha256=${hex}`, 'X-Webhook-Id': 'evt-1' }))
    expect(response.status).toBe(202)
  })
})

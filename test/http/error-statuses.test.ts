import { describe, expect, it } from 'vitest'
import { StepwiseError } from '../../src/index.js'
import { createHandler } from '../../src/http/index.js'
import { authorize, httpSetup, startGated } from './http-helpers.js'

const AUTH = { authorization: 'Bearer default:user:ana' }

async function call(handler: (r: Request) => Promise<Response>, method: string, path: string, body?: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const init: RequestInit & { duplex?: 'half' } = { method, headers: { ...AUTH, ...headers } }
  if (body !== undefined) {
    init.body = body
    if (typeof body !== 'string') init.duplex = 'half'
  }
  const response = await handler(new Request(`http://stepwise.test/api${path}`, init))
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as { error?: { code: string; message: string; details?: Record<string, unknown> } } }
}

describe('error statuses', () => {
  it('400: invalid workflow (with issues, rebuilt by the client), invalid variables, bad arguments, bad JSON, bad query', async () => {
    const { client, handler } = httpSetup()
    const invalid = await client.workflows.save({ id: 'bad', steps: [{ id: 'a', type: 'agent' }] }).catch((error: unknown) => error)
    expect(StepwiseError.isInstance(invalid)).toBe(true)
    expect(invalid).toMatchObject({ code: 'WORKFLOW_INVALID', details: { issues: [expect.objectContaining({ path: '/steps/0/type' })] } })

    await client.workflows.save({ id: 'typed', variables: { n: { type: 'number', required: true } }, steps: [{ id: 'a', type: 'set', values: { x: '1' } }] })
    await expect(client.executions.start('typed', { variables: { n: 'nope' } })).rejects.toMatchObject({ code: 'VARIABLES_INVALID' })

    const wrongType = await call(handler, 'POST', '/executions/x/approve', '{"approved":"yes"}')
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { issues: [expect.objectContaining({ path: '/approved' })] } })
    expect(await call(handler, 'POST', '/workflows', '{"definition": ')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT', message: 'The request body is not valid JSON.' } } })
    expect(await call(handler, 'POST', '/workflows', '[1,2]')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT' } } })
    expect(await call(handler, 'GET', '/executions?limit=0')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT' } } })
    expect(await call(handler, 'GET', '/executions?status=sleeping')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT' } } })
    const trigger = await call(handler, 'POST', '/triggers', JSON.stringify({ name: 't', type: 'schedule', workflowId: 'typed', config: { cron: 'never' } }))
    expect(trigger).toMatchObject({ status: 400, body: { error: { code: 'TRIGGER_INVALID', details: { reason: 'invalid_cron' } } } })
  })

  it('404 for unknown routes, paths outside basePath and unknown ids; 405 with Allow for a wrong method', async () => {
    const { handler } = httpSetup()
    expect(await call(handler, 'GET', '/nothing/here')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
    expect((await handler(new Request('http://stepwise.test/elsewhere/workflows', { headers: AUTH }))).status).toBe(404)
    expect(await call(handler, 'GET', '/executions/exe_nope')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
    expect(await call(handler, 'GET', '/executions/exe_nope/events')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
    const wrong = await call(handler, 'PUT', '/workflows', '{}')
    expect(wrong).toMatchObject({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED' } } })
    expect(wrong.headers.get('allow')).toBe('GET, POST')
    expect((await call(handler, 'DELETE', '/executions/x')).headers.get('allow')).toBe('GET')
  })

  it('409: approval already decided the other way, ambiguous approval, approval not waiting', async () => {
    const { client, engine } = httpSetup()
    const id = await startGated(client, engine)
    await client.executions.approve(id, { approved: true })
    await expect(client.executions.approve(id, { approved: false })).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_DECIDED', details: { decision: expect.any(Object) } })
    const loop = await client.executions.start({ id: 'la', steps: [{ id: 'l', type: 'loop', over: [1, 2], concurrency: 2, steps: [{ id: 'g', type: 'approval', prompt: 'ok?' }] }] })
    await engine.executions.settled(loop.id)
    await expect(client.executions.approve(loop.id, { approved: true })).rejects.toMatchObject({ code: 'APPROVAL_AMBIGUOUS' })
    await engine.executions.settled(id)
    await expect(client.executions.approve(id, { approved: true, stepId: 'nope' })).rejects.toMatchObject({ code: expect.stringMatching(/^APPROVAL_(NOT_WAITING|ALREADY_DECIDED)$/) })
  })

  it('413 over maxBodyBytes, by Content-Length and while streaming', async () => {
    const { handler } = httpSetup({ maxBodyBytes: 100 })
    const big = JSON.stringify({ definition: { id: 'x', name: 'y'.repeat(200), steps: [] } })
    const declared = await call(handler, 'POST', '/workflows', big)
    expect(declared).toMatchObject({ status: 413, body: { error: { code: 'LIMIT_EXCEEDED', details: { limit: 'maxBodyBytes', value: 100 } } } })
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(40)))
        controller.close()
      },
    })
    expect(await call(handler, 'POST', '/workflows', stream)).toMatchObject({ status: 413, body: { error: { code: 'LIMIT_EXCEEDED' } } })
  })

  it('422 for DRAFT_FAILED from the draft callback, with its details', async () => {
    const { client } = httpSetup({
      draft: () => {
        throw new StepwiseError('DRAFT_FAILED', 'No valid draft in 3 attempts.', { details: { attempts: 3, issues: [{ path: '/steps', message: 'empty' }] } })
      },
    })
    await expect(client.draft({ prompt: 'x' })).rejects.toMatchObject({ code: 'DRAFT_FAILED', details: { attempts: 3 } })
  })

  it('500 for unexpected errors: a generic message, no stack or internals; onError sees the real error; the handler never throws', async () => {
    const errors: unknown[] = []
    const { engine, handler } = httpSetup({
      draft: () => {
        throw new Error('password=hunter2 at /srv/secret.ts:12')
      },
      onError: (error) => errors.push(error),
    })
    const leaked = await call(handler, 'POST', '/workflows/draft', '{"prompt":"x"}')
    expect(leaked).toEqual({ status: 500, headers: leaked.headers, body: { error: { code: 'INTERNAL', message: 'Internal server error.' } } })
    expect(String(errors[0])).toContain('hunter2')

    // A failing storage read surfaces as the same generic 500.
    const failing = createHandler(
      new Proxy(engine, {
        get(target, property) {
          if (property === 'forTenant') return () => ({ ...target, workflows: { ...target.workflows, list: () => Promise.reject(new TypeError('pg: connection refused 10.0.0.5')) } })
          return Reflect.get(target, property)
        },
      }),
      { authorize },
    )
    const down = await failing(new Request('http://x/workflows', { headers: AUTH }))
    expect(down.status).toBe(500)
    expect(await down.text()).not.toContain('10.0.0.5')
    // A request with an unparsable URL path segment is a clean 404, not a crash.
    expect(await call(handler, 'GET', '/executions/%E0%A4%A')).toMatchObject({ status: 404 })
  })
})

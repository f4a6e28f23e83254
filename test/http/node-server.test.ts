import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import type { StepwiseEvent } from '../../src/index.js'
import { createClient, createHandler, toNodeHandler } from '../../src/http/index.js'
import { collectEvents } from '../helpers.js'
import { GATED, authorize, httpSetup, startGated, until } from './http-helpers.js'

const servers: Server[] = []

async function listen(server: Server): Promise<string> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

describe('toNodeHandler over a real node:http server', () => {
  it('serves the REST routes and streams SSE to the client until the terminal event', async () => {
    const { handler, engine } = httpSetup()
    const origin = await listen(createServer(toNodeHandler(handler)))
    const client = createClient({ baseUrl: `${origin}/api`, headers: () => ({ authorization: 'Bearer default:user:ana' }) })
    const id = await startGated(client, engine)
    expect(await client.executions.get(id)).toMatchObject({ status: 'waiting' })

    const events: StepwiseEvent[] = []
    let closed = false
    client.executions.subscribe(id, { onEvent: (event) => events.push(event), onClose: () => (closed = true) })
    await until(() => events.some((e) => e.type === 'execution.waiting'))
    await client.executions.approve(id, { approved: true })
    await until(() => closed)
    expect(events).toEqual(await collectEvents(engine, id))
    await expect(client.workflows.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('a client disconnect ends the SSE response and frees the engine subscription; oversized bodies get 413', async () => {
    const { handler, engine, active } = httpSetup({ heartbeatMs: 10, maxBodyBytes: 64 })
    await engine.workflows.save(GATED)
    const { id } = await engine.run('gated')
    const origin = await listen(createServer(toNodeHandler(handler)))
    const controller = new AbortController()
    const response = await fetch(`${origin}/api/executions/${id}/events`, { headers: { authorization: 'Bearer default' }, signal: controller.signal })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = (response.body ?? new ReadableStream()).getReader()
    await reader.read()
    await until(() => active() === 1)
    controller.abort()
    await until(() => active() === 0)

    const big = await fetch(`${origin}/api/workflows`, { method: 'POST', headers: { authorization: 'Bearer default' }, body: JSON.stringify({ definition: { id: 'x'.repeat(200) } }) })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ error: { code: 'LIMIT_EXCEEDED' } })
    // A streamed (chunked) body over the cap too.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${origin}/api/workflows`, { method: 'POST', headers: { authorization: 'Bearer default', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      for (let i = 0; i < 4; i++) req.write('x'.repeat(40))
      req.end()
    })
    expect(status).toBe(413)
  })

  it('mounts in Express under a path (basePath matches the mount) and reads a body parsed by express.json()', async () => {
    const { engine } = httpSetup()
    const app = express()
    app.use('/api/stepwise', express.json(), toNodeHandler(createHandler(engine, { basePath: '/api/stepwise', authorize })))
    const origin = await listen(createServer(app))
    const client = createClient({ baseUrl: `${origin}/api/stepwise`, headers: { authorization: 'Bearer default' } })
    expect(await client.workflows.save({ id: 'quick', steps: [{ id: 'a', type: 'set', values: { x: '1' } }] })).toMatchObject({ id: 'quick', version: 1 })
    expect((await client.workflows.list()).map((w) => w.id)).toEqual(['quick'])
  })
})

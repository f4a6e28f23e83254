import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from '../../src/cli/start-dev-server.js'
import { root, tempDir } from './cli-harness.js'

async function until<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (accept(value) || Date.now() > deadline) return value
    await new Promise((done) => setTimeout(done, 50))
  }
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function serve(files: Record<string, unknown>, storage: 'memory' | 'sqlite' = 'memory'): Promise<{ server: DevServer; dir: string; log: string[] }> {
  const folder = tempDir(files)
  cleanups.push(folder.remove)
  const log: string[] = []
  const server = await startDevServer({ dir: folder.dir, port: 0, storage, env: {}, log: (line) => log.push(line), debounceMs: 20 })
  cleanups.push(() => server.close())
  return { server, dir: folder.dir, log }
}

describe('startDevServer (stepwise dev)', () => {
  it('saves the valid files, reports the invalid ones, serves the API, and follows changes and deletions', async () => {
    const { server, dir, log } = await serve({ 'hello.json': { id: 'hello', steps: [{ id: 'hi', type: 'set', values: { greeting: "'hello'" } }] }, 'broken.json': '{ "id": ' })
    expect(server.files().map(({ file, valid, id, version }) => ({ file, valid, id, version }))).toEqual([
      { file: 'broken.json', valid: false, id: undefined, version: undefined },
      { file: 'hello.json', valid: true, id: 'hello', version: 1 },
    ])
    expect(log).toContain('✓ hello.json → hello v1')
    expect(log.some((line) => line.startsWith('✗ broken.json'))).toBe(true)
    const listed = (await (await fetch(`${server.url}/api/workflows`)).json()) as { id: string }[]
    expect(listed.map((workflow) => workflow.id)).toEqual(['hello'])
    const status = (await (await fetch(`${server.url}/`)).json()) as { files: unknown[]; studio: string }
    expect(status.files).toHaveLength(2)

    writeFileSync(join(dir, 'hello.json'), JSON.stringify({ id: 'hello', name: 'Hello, edited', steps: [{ id: 'hi', type: 'set', values: { greeting: "'hi'" } }] }))
    const edited = await until(() => server.engine.workflows.get('hello'), (workflow) => workflow.version === 2)
    expect(edited.definition.name).toBe('Hello, edited')

    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ id: 'fixed', steps: [{ type: 'agent', prompt: 'x' }] }))
    await until(() => log.join('\n'), (text) => text.includes('/steps/0/type'))
    expect(server.files().find((file) => file.file === 'broken.json')?.issues[0].hint).toMatch(/agent_prompt/)

    // A file written later may name tools, models and notifiers the engine did not have at start.
    writeFileSync(join(dir, 'later.json'), JSON.stringify({ id: 'later', steps: [{ id: 'ship', type: 'tool', tool: 'ship_it', arguments: { env: 'prod' } }, { type: 'notify', target: 'ops', content: 'shipped' }] }))
    await until(() => server.files(), (files) => files.some((file) => file.file === 'later.json' && file.valid))
    const shipped = await server.engine.run('later')
    expect(shipped.outputs.ship).toEqual({ stub: true, tool: 'ship_it', arguments: { env: 'prod' } })
    expect(log).toContain('✉ ops (later/step_1): shipped')

    rmSync(join(dir, 'hello.json'))
    await until(() => server.files().length, (count) => count === 2)
    await expect(server.engine.workflows.get('hello')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(log).toContain('– hello.json removed: workflow hello deleted')
  })

  it('runs the sample workflows over HTTP, starts the webhook sample from its metadata trigger, and keeps state in .stepwise/dev.db', async () => {
    const folder = await serve({}, 'sqlite')
    for (const name of ['issue-triage.json', 'review-push.json']) copyFileSync(join(root, 'examples/workflows', name), join(folder.dir, name))
    await folder.server.reload()
    expect(existsSync(join(folder.dir, '.stepwise/dev.db'))).toBe(true)
    expect(folder.log).toContain('  trigger "GitHub push" (webhook) → POST /api/webhooks/github/push')
    const { server } = folder

    const push = { ref: 'refs/heads/main', repository: { full_name: 'acme/api' }, commits: [{ id: 'f00d', message: 'Drop the legacy auth path', author: { name: 'kim' } }] }
    const hook = await fetch(`${server.url}/api/webhooks/github/push`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-delivery': 'd-1' }, body: JSON.stringify(push) })
    expect(hook.status).toBe(202)
    const { executionId } = (await hook.json()) as { executionId: string }
    const reviewed = await server.engine.executions.settled(executionId)
    expect(reviewed.status).toBe('completed')
    expect(reviewed.outputs.reviewed).toBe(1)

    const started = await fetch(`${server.url}/api/executions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ workflow: 'issue-triage' }) })
    expect(started.status).toBeLessThan(300)
    const { id } = (await started.json()) as { id: string }
    const waiting = await until(() => server.engine.executions.get(id), (execution) => execution.status === 'waiting')
    expect(waiting.waitingFor?.kind).toBe('approval')
    const approved = await fetch(`${server.url}/api/executions/${id}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ approved: true }) })
    expect(approved.status).toBe(200)
    const done = await until(() => server.engine.executions.get(id), (execution) => execution.status === 'completed')
    expect(done.status).toBe('completed')
    expect(readFileSync(join(folder.dir, 'issue-triage.json'), 'utf8')).toContain('"$schema"')
  })
})

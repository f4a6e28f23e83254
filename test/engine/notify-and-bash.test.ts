import { describe, expect, it } from 'vitest'
import { localShell, type NotifyMessage } from '../../src/index.js'
import { collectEvents, testEngine } from '../helpers.js'

describe('notify', () => {
  it('sends rendered content to the target notifier with the idempotency key', async () => {
    const sent: NotifyMessage[] = []
    const { engine } = testEngine({ notifiers: { default: (m) => void sent.push(m), ops: () => ({ delivered: false }) } })
    const done = await engine.run({ id: 'n', variables: { who: { type: 'string', default: 'team' } }, steps: [{ id: 'hello', type: 'notify', content: 'Hi {{variables.who}}' }, { id: 'ops', type: 'notify', target: 'ops', content: 'x' }] })
    expect(sent[0]).toMatchObject({ target: 'default', content: 'Hi team', stepId: 'hello', idempotencyKey: `${done.id}:hello:` })
    expect(done.outputs).toEqual({ hello: { target: 'default', delivered: true }, ops: { target: 'ops', delivered: false } })
    expect((await collectEvents(engine, done.id)).filter((e) => e.type === 'notify.sent')).toHaveLength(2)
  })

  it('a throwing notifier fails the step with NOTIFY_FAILED', async () => {
    const { engine } = testEngine({ notifiers: { default: () => { throw new Error('smtp down') } } })
    const done = await engine.run({ id: 'nf', steps: [{ id: 'n', type: 'notify', content: 'x' }] })
    expect(done.error).toMatchObject({ code: 'NOTIFY_FAILED', stepId: 'n' })
  })
})

describe('bash', () => {
  it('captures stdout/stderr/exitCode and passes template values as env vars, never spliced', async () => {
    const { engine } = testEngine({ shell: localShell() })
    const payload = '"; echo INJECTED; $(touch /tmp/stepwise-pwned) `id` \''
    const done = await engine.run({ id: 'b', variables: { text: { type: 'string' } }, steps: [{ id: 'sh', type: 'bash', command: 'printf "%s" {{variables.text}}; echo err >&2' }] }, { variables: { text: payload } })
    expect(done.status).toBe('completed')
    const output = done.outputs.sh as { stdout: string; stderr: string; exitCode: number }
    expect(output.stdout).toBe(payload)
    expect(output.stderr.trim()).toBe('err')
    expect(output.exitCode).toBe(0)
  })

  it('a non-zero exit fails with BASH_FAILED and keeps the output; stdout is truncated at 64 000 chars', async () => {
    const { engine } = testEngine({ shell: localShell({ login: false }) })
    const failed = await engine.run({ id: 'bf', steps: [{ id: 'sh', type: 'bash', command: 'echo no; exit 3' }] })
    expect(failed.error).toMatchObject({ code: 'BASH_FAILED' })
    const big = await engine.run({ id: 'bb', steps: [{ id: 'sh', type: 'bash', command: 'head -c 70000 /dev/zero | tr "\\0" a' }] })
    const out = big.outputs.sh as { stdout: string }
    expect(out.stdout.length).toBe(64_000 + '...[truncated]'.length)
  })

  it('a command over its timeoutMs is killed and fails with STEP_TIMEOUT', async () => {
    // Not a login shell: killing one mid-profile can leave the profile's lock files behind.
    const { engine } = testEngine({ shell: localShell({ login: false }) })
    const started = Date.now()
    const done = await engine.run({ id: 'bt', steps: [{ id: 'sh', type: 'bash', command: 'sleep 20', timeoutMs: 1000 }] })
    expect(done.error).toMatchObject({ code: 'STEP_TIMEOUT', stepId: 'sh' })
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('without a shell adapter bash steps fail with a clear error', async () => {
    const { engine } = testEngine()
    const done = await engine.run({ id: 'ns', steps: [{ id: 'sh', type: 'bash', command: 'echo hi' }] })
    expect(done.error?.message).toContain('shell adapter')
  })
})

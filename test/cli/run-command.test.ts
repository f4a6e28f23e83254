import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCliEngine } from '../../src/cli/create-cli-engine.js'
import { runCli } from '../../src/cli/run-cli.js'
import { memoryStorage, type StepwiseEvent } from '../../src/index.js'
import { fakeIo, root, tempDir } from './cli-harness.js'

const triage = 'examples/workflows/issue-triage.json'

describe('stepwise run (in process)', () => {
  it('the daily digest completes: parallel branches, conditional, streamed text, notification under its step', async () => {
    const io = fakeIo()
    expect(await runCli(['run', 'examples/workflows/daily-digest.json'], io)).toBe(0)
    const out = io.stdout.text
    expect(out).toMatch(/^ {2}↳ gather branch 1\n {4}✓ commits {2}tool/m)
    expect(out).toMatch(/^✓ quiet {2}conditional · → else/m)
    expect(out).toMatch(/^ {2}│ \(demo model\) A scripted answer to “Write today's digest for acme\/rocket\.”/m)
    expect(out).toMatch(/^✓ post {2}notify · → team · .*\n {2}✉ team: Digest for acme\/rocket \(3 commits, 3 open issues\)\n {4}\(demo model\)/m)
    expect(out).not.toContain('\u001b[') // no colours, no progress line when not a terminal
  })

  it('"n" on standard input denies: the execution is cancelled, exit 1', async () => {
    const io = fakeIo({ lines: ['n'] })
    expect(await runCli(['run', triage], io)).toBe(1)
    expect(io.stdout.text).toMatch(/^Approve\? \[y\/N\] n$/m)
    expect(io.stdout.text).toMatch(/^⊘ cancelled in .*: CANCELLED: .*approval_denied/m)
    expect(io.stdout.text).not.toContain('✓ label')
  })

  it('the end of standard input denies; --deny denies without asking', async () => {
    const eof = fakeIo()
    expect(await runCli(['run', triage], eof)).toBe(1)
    expect(eof.stdout.text).toContain('Approve? [y/N] n (no answer: end of input)')
    const denied = fakeIo({ lines: ['y'] })
    expect(await runCli(['run', triage, '--deny'], denied)).toBe(1)
    expect(denied.stdout.text).toContain('Approve? [y/N] n (--deny)')
  })

  it('--json prints every event as a JSON line; the human lines go to stderr', async () => {
    const io = fakeIo()
    expect(await runCli(['run', triage, '--json', '--approve', '--var', 'dryRun=true'], io)).toBe(0)
    const events = io.stdout.text.trim().split('\n').map((line) => JSON.parse(line) as StepwiseEvent)
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1))
    expect(events.at(-1)?.type).toBe('execution.completed')
    expect(events.filter((event) => event.type === 'step.skipped').map((event) => 'stepId' in event && event.stepId)).toEqual(['confirm', 'label', 'comment'])
    expect(io.stderr.text).toMatch(/✓ completed in/)
  })

  it('--vars-file, --var overrides, declared strings stay strings; variable errors exit 1', async () => {
    const { dir, remove } = tempDir({
      'echo.json': { id: 'echo', variables: { code: { type: 'string', required: true }, n: { type: 'number' } }, steps: [{ id: 'e', type: 'tool', tool: 'echo', arguments: { code: '{{ variables.code }}', n: '{{ variables.n }}' } }] },
      'vars.json': { code: 'from-file', n: 1 },
    })
    try {
      const io = fakeIo({ cwd: dir })
      expect(await runCli(['run', 'echo.json', '--vars-file', 'vars.json', '--var', 'code=007', '--var', 'n=2.5'], io)).toBe(0)
      expect(io.stdout.text).toContain('✓ e  tool · {"code":"007","n":2.5}')
      const missing = fakeIo({ cwd: dir })
      expect(await runCli(['run', 'echo.json'], missing)).toBe(1)
      expect(missing.stderr.text).toMatch(/^stepwise: .*code.* \[VARIABLES_INVALID\]$/m)
      const bad = fakeIo({ cwd: dir })
      expect(await runCli(['run', 'echo.json', '--var', '=x'], bad)).toBe(2)
    } finally {
      remove()
    }
  })

  it('an invalid workflow is not run: its issues are printed, exit 1', async () => {
    const { dir, remove } = tempDir({ 'bad.json': { id: 'bad', steps: [{ id: 'a', type: 'agent', prompt: 'hi' }] } })
    try {
      const io = fakeIo({ cwd: dir })
      expect(await runCli(['run', 'bad.json'], io)).toBe(1)
      expect(io.stdout.text).toContain('✗ bad.json: 1 issue\n  /steps/0/type: ')
    } finally {
      remove()
    }
  })

  it('tools the CLI does not have get stand-ins that return their arguments; --db keeps the run in SQLite', async () => {
    const { dir, remove } = tempDir({ 'invoice.json': { id: 'invoice', steps: [{ id: 'send', type: 'tool', tool: 'send_invoice', arguments: { to: 'ana@example.com' } }] } })
    try {
      const io = fakeIo({ cwd: dir })
      expect(await runCli(['run', 'invoice.json', '--db', 'state/runs.db'], io)).toBe(0)
      expect(io.stdout.text).toContain('stand-in tools (return their arguments): send_invoice')
      expect(io.stdout.text).toContain('✓ send  tool · {"stub":true,"tool":"send_invoice","arguments":{"to":"ana@example.com"}}')
      expect(io.stdout.text).toMatch(/execution .* is stored in state\/runs\.db/)
      expect(existsSync(join(dir, 'state/runs.db'))).toBe(true)
    } finally {
      remove()
    }
  })

  it('--tools loads an ES module of AI SDK tools, which win over the demo tools', async () => {
    const dir = join(root, '.tmp', 'cli-tools-module')
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'tools.mjs'),
      "import { jsonSchema, tool } from 'ai'\n" +
        "export default { get_issue: tool({ inputSchema: jsonSchema({ type: 'object' }), execute: async (input) => ({ mine: true, input }) }) }\n",
    )
    writeFileSync(join(dir, 'flow.json'), JSON.stringify({ id: 'flow', steps: [{ id: 'read', type: 'tool', tool: 'get_issue', arguments: { number: 7 } }] }))
    try {
      const io = fakeIo({ cwd: dir })
      expect(await runCli(['run', 'flow.json', '--tools', 'tools.mjs'], io)).toBe(0)
      expect(io.stdout.text).toContain('✓ read  tool · {"mine":true,"input":{"number":7}}')
      const broken = fakeIo({ cwd: dir })
      expect(await runCli(['run', 'flow.json', '--tools', 'missing.mjs'], broken)).toBe(1)
      expect(broken.stderr.text).toMatch(/^stepwise: Cannot load the tools module missing\.mjs: .* \[CONFIGURATION_INVALID\]$/m)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('model selection: the demo model without OPENAI_API_KEY or with --demo, OpenAI with the key', async () => {
    const label = async (env: Record<string, string>, options: { demo?: boolean; model?: string } = {}): Promise<string> => {
      const cli = await createCliEngine({ io: { env, cwd: '.' }, storage: memoryStorage(), onNotify: () => undefined, ...options })
      await cli.engine.close()
      return cli.modelLabel
    }
    expect(await label({})).toBe('demo (scripted, offline)')
    expect(await label({ OPENAI_API_KEY: 'sk-test' }, { demo: true })).toBe('demo (scripted, offline)')
    expect(await label({ OPENAI_API_KEY: 'sk-test', STEPWISE_MODEL: 'gpt-4.1-mini' })).toBe('gpt-4.1-mini (OpenAI-compatible)')
    expect(await label({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }, { model: 'llama3' })).toBe('llama3 (OpenAI-compatible at http://127.0.0.1:1/v1)')
  })
})

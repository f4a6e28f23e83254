import { describe, expect, it } from 'vitest'
import { workflowJsonSchema } from '../../src/index.js'
import { runCliProcess, tempDir } from './cli-harness.js'

// Each test starts the CLI as a real process (`node --import tsx src/cli/main.ts`); they run
// concurrently to keep the file fast.
describe.concurrent('stepwise CLI (child process)', { timeout: 90_000 }, () => {
  it('validate: the sample folder is valid; an invalid file gives exit 1 and each issue with its path', async () => {
    const { dir, remove } = tempDir({ 'bad.json': { id: 'bad', steps: [{ id: 'a', type: 'agent', prompt: 'hi' }, { type: 'loop', over: 'x && y', steps: [{ type: 'set', values: { a: '1' } }] }] } })
    try {
      const bad = await runCliProcess(['validate', 'examples/workflows', `${dir}/bad.json`])
      expect(bad.code).toBe(1)
      expect(bad.stdout).toContain('✓ examples/workflows/issue-triage.json: issue-triage, 8 steps')
      expect(bad.stdout).toContain('bad.json: 2 issues')
      expect(bad.stdout).toMatch(/^ {2}\/steps\/0\/type: .*\(`agent` was renamed `agent_prompt`\.?\)$/m)
      expect(bad.stdout).toMatch(/^ {2}\/steps\/1\/over: .*&&.*\(.*`and`.*\)$/m)
      expect(bad.stdout).toContain('4 files: 3 valid, 1 invalid')
    } finally {
      remove()
    }
  })

  it('schema: prints workflowJsonSchema as JSON', async () => {
    const result = await runCliProcess(['schema'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual(workflowJsonSchema)
  })

  it('usage errors exit 2 with a short usage line, never a stack trace', async () => {
    const result = await runCliProcess(['run', '--frobnicate', 'x.json'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Unknown option '--frobnicate'")
    expect(result.stderr).toContain('Usage: stepwise run <file> [options]')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('run: the issue triage sample completes, its approval answered "y" on piped standard input; --var values', async () => {
    const result = await runCliProcess(['run', 'examples/workflows/issue-triage.json', '--var', 'issueNumber=1291', '--var', 'repo=acme/docs'], { input: 'y\n' })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('model: demo (scripted, offline)')
    expect(result.stdout).toMatch(/^✓ fetch {2}tool · \{"repo":"acme\/docs","number":1291,"title":"Typo in the getting-started guide"/m)
    expect(result.stdout).toMatch(/^ {2}│ \{"kind":"bug","priority":"high"/m) // the streamed structured reply
    expect(result.stdout).toContain('? Label #1291 as bug / priority high and post the drafted reply?')
    expect(result.stdout).toMatch(/^Approve\? \[y\/N\] y$/m)
    expect(result.stdout).toMatch(/✓ approved {2}by cli:/)
    expect(result.stdout).toMatch(/^✓ label {2}tool · \{"repo":"acme\/docs","number":1291,"labels":\["bug","priority:high"\]\}/m)
    expect(result.stdout).toMatch(/^ {6}✉ oncall: Urgent bug in acme\/docs#1291/m)
    expect(result.stdout).toMatch(/^✓ completed in /m)
  })

  it('run: the webhook loop sample with a JSON --var completes', async () => {
    const commits = JSON.stringify([{ id: 'abc1234', message: 'Rewrite the scheduler', author: { name: 'ana' } }])
    const result = await runCliProcess(['run', 'examples/workflows/review-push.json', '--var', `commits=${commits}`, '--var', 'branch=release'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^ {2}↳ review #1$/m)
    expect(result.stdout).toContain('Reviewed 1 commits pushed to acme/rocket@release: 1 look risky.')
  })

  it('run: --approve answers the approval; exit 1 with the error when the workflow then fails', async () => {
    const { dir, remove } = tempDir({
      'fails.json': { id: 'fails', steps: [{ id: 'ok', type: 'approval', prompt: 'Wipe {{ variables.disk }}?' }, { id: 'boom', type: 'end', status: 'failed', error: 'disk {{ variables.disk }} is full' }] },
    })
    try {
      const result = await runCliProcess(['run', `${dir}/fails.json`, '--var', 'disk=sda1', '--approve', '--by', 'ana'])
      expect(result.code).toBe(1)
      expect(result.stdout).toContain('Approve? [y/N] y (--approve)')
      expect(result.stdout).toMatch(/✓ approved {2}by ana/)
      expect(result.stdout).toMatch(/^✗ failed in .*: STEP_FAILED: disk sda1 is full \(step boom\)$/m)
    } finally {
      remove()
    }
  })
})

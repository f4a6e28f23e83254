import { describe, expect, it } from 'vitest'
import { isYes } from '../../src/cli/approval-answers.js'
import { demoReply, sampleFromSchema } from '../../src/cli/demo-model.js'
import { describeEvent, segmentLabel } from '../../src/cli/describe-event.js'
import { parsePort } from '../../src/cli/dev-command.js'
import { LiveTree } from '../../src/cli/live-tree.js'
import { parseCommandLine, UsageError } from '../../src/cli/parse-command-line.js'
import { parseVariableValue } from '../../src/cli/parse-variables.js'
import { runCli } from '../../src/cli/run-cli.js'
import type { StepwiseEvent } from '../../src/index.js'
import { fakeIo, fakeOutput } from './cli-harness.js'

const base = { executionId: 'e1', workflowId: 'w', at: '2026-01-01T00:00:00.000Z', stepType: 'agent_prompt', attempt: 1 }
let seq = 0
function event(fields: Record<string, unknown>): StepwiseEvent {
  seq += 1
  return { ...base, seq, ...fields } as unknown as StepwiseEvent
}

describe('command line', () => {
  it('parses commands and options; rejects what it cannot run', () => {
    expect(parseCommandLine([])).toEqual({ command: 'help' })
    expect(parseCommandLine(['help', 'run'])).toEqual({ command: 'help', topic: 'run' })
    expect(parseCommandLine(['run', '--help'])).toEqual({ command: 'help', topic: 'run' })
    expect(parseCommandLine(['-v'])).toEqual({ command: 'version' })
    expect(parseCommandLine(['run', 'a.json', '--var', 'a=1', '--var', 'b=x', '--approve'])).toEqual({ command: 'run', file: 'a.json', flags: { var: ['a=1', 'b=x'], approve: true } })
    expect(parseCommandLine(['dev', '-p', '0', '--memory'])).toEqual({ command: 'dev', dir: '.', flags: { port: '0', memory: true } })
    expect(parseCommandLine(['validate', 'a.json', 'dir'])).toEqual({ command: 'validate', files: ['a.json', 'dir'] })
    for (const argv of [['lint'], ['--frob'], ['run'], ['run', 'a', 'b'], ['run', 'a', '--approve', '--deny'], ['schema', 'x'], ['validate'], ['run', 'a', '--port', '1']]) {
      expect(() => parseCommandLine(argv), argv.join(' ')).toThrow(UsageError)
    }
    expect(parsePort('0')).toBe(0)
    expect(() => parsePort('80a')).toThrow(UsageError)
    expect(() => parsePort('70000')).toThrow(UsageError)
  })

  it('--help, --version and an unknown command', async () => {
    const help = fakeIo()
    expect(await runCli(['--help'], help)).toBe(0)
    expect(help.stdout.text).toContain('validate <file|folder>...')
    const version = fakeIo()
    expect(await runCli(['--version'], version)).toBe(0)
    expect(version.stdout.text).toMatch(/^\d+\.\d+\.\d+/)
    const unknown = fakeIo()
    expect(await runCli(['lint'], unknown)).toBe(2)
    expect(unknown.stderr.text).toBe('stepwise: Unknown command "lint".\nUsage: stepwise <command> [options]\nRun `stepwise --help` for more.\n')
  })

  it('--var values: JSON when it parses, verbatim otherwise or for declared strings; y/yes approves', () => {
    expect(parseVariableValue('3')).toBe(3)
    expect(parseVariableValue('true')).toBe(true)
    expect(parseVariableValue('{"a":[1]}')).toEqual({ a: [1] })
    expect(parseVariableValue('"quoted"')).toBe('quoted')
    expect(parseVariableValue('acme/rocket')).toBe('acme/rocket')
    expect(parseVariableValue('42', { type: 'string' })).toBe('42')
    expect(parseVariableValue('', { type: 'any' })).toBe('')
    expect([' y', 'YES', 'Yes '].every(isYes)).toBe(true)
    expect(['', 'n', 'yep', 'no'].some(isYes)).toBe(false)
  })
})

describe('demo model', () => {
  it('makes values from JSON Schemas: enums, ranges, nested objects and arrays, nullable types', () => {
    expect(
      sampleFromSchema({
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['bug', 'feature'] },
          score: { type: 'number' },
          pct: { type: 'integer', minimum: 0, maximum: 100 },
          ok: { type: 'boolean' },
          tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
          owner: { anyOf: [{ type: 'null' }, { type: 'object', properties: { name: { type: ['string', 'null'] } } }] },
        },
      }),
    ).toEqual({ kind: 'bug', score: 0.8, pct: 50, ok: true, tags: ['tags from the demo model', 'tags from the demo model'], owner: { name: 'name from the demo model' } })
  })

  it('answers structured calls with JSON and others with a labelled text', () => {
    const call = { index: 0, lastUserText: '\nSummarise the week\nmore', messages: [], toolNames: [] }
    expect(demoReply({ ...call, responseFormat: { type: 'json', schema: { type: 'object', properties: { n: { type: 'integer' } } } } })).toEqual({ json: { n: 1 } })
    expect(demoReply(call)).toMatch(/^\(demo model\) A scripted answer to “Summarise the week”/)
  })
})

describe('live tree', () => {
  it('labels iteration segments', () => {
    expect(['review:i0', 'fan:b2', 'gate:then', 'gate:else'].map(segmentLabel)).toEqual(['review #1', 'fan branch 3', 'gate → then', 'gate → else'])
    expect(describeEvent(event({ type: 'step.failed', stepId: 's', stepType: 'tool', iterationPath: '', error: { code: 'TOOL_FAILED', message: 'nope' }, durationMs: 3 }))).toEqual([
      { level: 0, icon: '✗', tone: 'red', text: 's', detail: 'tool · TOOL_FAILED: nope' },
    ])
  })

  it('streams one agent turn live and prints a concurrent turn whole after it, each under its iteration header', () => {
    const out = fakeOutput()
    const tree = new LiveTree({ out, color: false, progress: false, topLevelSteps: ['loop'] })
    const inLoop = (i: number, fields: Record<string, unknown>): StepwiseEvent => event({ stepId: 'ask', iterationPath: `loop:i${i}`, ...fields })
    tree.event(event({ type: 'step.started', stepId: 'loop', stepType: 'loop', iterationPath: '' }))
    tree.event(inLoop(0, { type: 'step.started' }))
    tree.event(inLoop(1, { type: 'step.started' }))
    tree.event(inLoop(0, { type: 'agent.text.delta', turnId: 't0', delta: 'Hello ' }))
    tree.event(inLoop(1, { type: 'agent.text.delta', turnId: 't1', delta: 'Other ' }))
    tree.event(inLoop(0, { type: 'agent.text.delta', turnId: 't0', delta: 'world\nline two' }))
    tree.event(inLoop(1, { type: 'agent.text.delta', turnId: 't1', delta: 'turn' }))
    tree.event(inLoop(1, { type: 'agent.turn.finished', turnId: 't1', reason: 'completed' }))
    tree.event(inLoop(0, { type: 'agent.turn.finished', turnId: 't0', reason: 'completed' }))
    tree.finish()
    expect(out.text).toBe(
      [
        '▸ loop  loop',
        '  ↳ loop #1',
        '    ▸ ask  agent_prompt',
        '  ↳ loop #2',
        '    ▸ ask  agent_prompt',
        '  ↳ loop #1',
        '      │ Hello world',
        '      │ line two',
        '  ↳ loop #2',
        '      │ Other turn',
        '',
      ].join('\n'),
    )
  })

  it('keeps a progress line at the bottom of a terminal and clears it before other output', () => {
    const out = fakeOutput(true, 60)
    let now = 0
    const tree = new LiveTree({ out, color: false, progress: true, topLevelSteps: ['a', 'b'], now: () => now })
    tree.event(event({ type: 'step.started', stepId: 'a', stepType: 'tool', iterationPath: '' }))
    now = 1500
    tree.event(event({ type: 'step.completed', stepId: 'a', stepType: 'tool', iterationPath: '', output: 1, durationMs: 4 }))
    tree.finish()
    expect(out.text).toBe('✓ a  tool · 1 · 4 ms\n\r\u001b[2K⠋ 1/2 steps · 1.5 s\r\u001b[2K')
  })
})

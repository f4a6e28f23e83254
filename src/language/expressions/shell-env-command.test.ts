import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { toShellEnvCommand } from './shell-env-command.js'

describe('toShellEnvCommand', () => {
  it('replaces each template with a quoted env reference', () => {
    expect(toShellEnvCommand('git clone {{ variables.repo }} && cd {{outputs.dir}}')).toEqual({
      command: 'git clone "$STEPWISE_TPL_0" && cd "$STEPWISE_TPL_1"',
      bindings: [
        { name: 'STEPWISE_TPL_0', expression: 'variables.repo' },
        { name: 'STEPWISE_TPL_1', expression: 'outputs.dir' },
      ],
    })
  })

  it('keeps quoting right inside double and single quotes', () => {
    expect(toShellEnvCommand(`echo "x {{a}} y" 'p {{b}} q'`).command).toBe(`echo "x \${STEPWISE_TPL_0} y" 'p '"$STEPWISE_TPL_1"' q'`)
  })

  it('leaves static commands alone', () => {
    expect(toShellEnvCommand('ls -la')).toEqual({ command: 'ls -la', bindings: [] })
  })

  it('throws for an unclosed template', () => {
    expect(() => toShellEnvCommand('echo {{ a')).toThrow(expect.objectContaining({ code: 'EXPRESSION_FAILED' }))
  })

  it('never splices values: hostile values stay single words', () => {
    const hostile = `"; echo INJECTED; $(echo SUB) \`echo BT\` ' * `
    for (const template of ['printf "%s|" {{v}}', `printf "%s|" "pre {{v}} post"`, `printf "%s|" 'pre {{v}} post'`]) {
      const { command, bindings } = toShellEnvCommand(template)
      expect(command).not.toContain(hostile)
      const env = { ...process.env, [bindings[0].name]: hostile }
      const output = execFileSync('bash', ['-c', command], { env, encoding: 'utf8' })
      expect(output).not.toContain('INJECTED\n')
      expect(output.split('|').filter(Boolean)).toHaveLength(1)
      expect(output).toContain(hostile)
    }
  })
})

import { defineStepType } from '../../engine/step-type.js'
import { bashStepDiagram } from './diagram.js'
import { BASH_DEFAULT_TIMEOUT_MS, executeBash, prepareBash, type BashInput } from './executor.js'
import { bashStepSchema, type BashStep } from './schema.js'

/** The `bash` step type: runs a command through the opt-in shell adapter, values passed as env vars. */
export const bashStepType = defineStepType<BashStep, BashInput>({
  type: 'bash',
  schema: bashStepSchema,
  diagram: bashStepDiagram,
  // The shell adapter enforces the command's own limit; the engine adds a margin for process teardown.
  timeoutFor: (step) => Math.min(step.timeoutMs ?? BASH_DEFAULT_TIMEOUT_MS, 600_000) + 5_000,
  prepare: prepareBash,
  execute: executeBash,
})

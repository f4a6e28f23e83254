/**
 * @module
 * `ExecutionTrace`: an execution's variables, outputs and every step record (attempts and
 * iterations included) with its input and output.
 */
import type { ReactNode } from 'react'
import type { Execution, StepRecord } from '../../../src/index.js'
import { KeyValueCard, RawJson, StatusBadge, iterationLabel } from '../../../src/react/index.js'

function duration(step: StepRecord): string {
  if (step.endedAt === undefined) return '—'
  const ms = Date.parse(step.endedAt) - Date.parse(step.startedAt)
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** Props of {@link ExecutionTrace}. */
export interface ExecutionTraceProps {
  execution: Execution
  steps: readonly StepRecord[]
}

/** The trace (see the module description). */
export function ExecutionTrace({ execution, steps }: ExecutionTraceProps): ReactNode {
  return (
    <section className="studio-trace" aria-labelledby="trace-heading">
      <h2 id="trace-heading">Step trace</h2>
      <div className="studio-trace-values">
        <div>
          <h3>Variables</h3>
          <KeyValueCard value={execution.variables} label="Variables" />
        </div>
        <div>
          <h3>Outputs</h3>
          <KeyValueCard value={execution.outputs} label="Outputs" />
        </div>
      </div>
      <table className="studio-table">
        <caption>Steps, in the order they started</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Type</th>
            <th scope="col">Iteration</th>
            <th scope="col">Attempt</th>
            <th scope="col">Status</th>
            <th scope="col">Took</th>
            <th scope="col">Input and output</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={`${step.stepId}@${step.iterationPath}#${step.attempt}`}>
              <th scope="row">
                <code>{step.stepId}</code>
              </th>
              <td>{step.stepType}</td>
              <td>{iterationLabel(step.iterationPath) ?? '—'}</td>
              <td>{step.attempt}</td>
              <td>
                <StatusBadge status={step.status} />
              </td>
              <td>{duration(step)}</td>
              <td>
                <RawJson value={{ input: step.input, output: step.output, ...(step.error === undefined ? {} : { error: step.error }) }} summary="Show" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

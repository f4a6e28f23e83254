/** Status snapshot of a step as seen by expressions (`steps.<id>`). */
export interface StepState {
  /** Step status. */
  status: string
  /** Output, when completed. */
  output?: unknown
  /** Error, when failed or cancelled. */
  error?: unknown
}

/**
 * Data visible to the steps of one block. Loop iterations and parallel branches get an
 * isolated copy; what they write is merged back by their container.
 */
export interface Scope {
  variables: Record<string, unknown>
  outputs: Record<string, unknown>
  steps: Record<string, StepState>
  loop?: { item: unknown; index: number }
  /** Output keys written in this scope, in order, possibly repeated (isolated scopes only). */
  written?: string[]
  /** Step ids whose state changed in this scope, possibly repeated (isolated scopes only). */
  touched?: string[]
}

/** Publishes an output key. */
export function publishOutput(scope: Scope, key: string, value: unknown): void {
  scope.outputs[key] = value
  scope.written?.push(key)
}

/** Records a step's state for `steps.<id>`. */
export function setStepState(scope: Scope, stepId: string, state: StepState): void {
  scope.steps[stepId] = state
  scope.touched?.push(stepId)
}

/** Creates an isolated child scope. */
export function isolatedScope(parent: Scope, loop?: { item: unknown; index: number; itemVar: string; indexVar: string }): Scope {
  let variables = parent.variables
  if (loop !== undefined) {
    variables = Object.assign({}, parent.variables)
    variables[loop.itemVar] = loop.item
    variables[loop.indexVar] = loop.index
  }
  const scope: Scope = {
    variables,
    outputs: Object.assign({}, parent.outputs),
    steps: Object.assign({}, parent.steps),
    loop: loop === undefined ? parent.loop : { item: loop.item, index: loop.index },
    written: [],
    touched: [],
  }
  return scope
}

/** Merges what an isolated child scope wrote (outputs and step states) into its parent. */
export function mergeScope(parent: Scope, child: Scope): void {
  if (child.written !== undefined) for (const key of child.written) publishOutput(parent, key, child.outputs[key])
  if (child.touched !== undefined) for (const id of child.touched) setStepState(parent, id, child.steps[id])
}

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
  /** Output keys written in this scope (isolated scopes only). */
  written?: Set<string>
  /** Step ids whose state changed in this scope (isolated scopes only). */
  touched?: Set<string>
}

/** Publishes an output key. */
export function publishOutput(scope: Scope, key: string, value: unknown): void {
  scope.outputs[key] = value
  scope.written?.add(key)
}

/** Records a step's state for `steps.<id>`. */
export function setStepState(scope: Scope, stepId: string, state: StepState): void {
  scope.steps[stepId] = state
  scope.touched?.add(stepId)
}

/** Creates an isolated child scope. */
export function isolatedScope(parent: Scope, loop?: { item: unknown; index: number; itemVar: string; indexVar: string }): Scope {
  const variables = loop === undefined ? parent.variables : { ...parent.variables, [loop.itemVar]: loop.item, [loop.indexVar]: loop.index }
  const scope: Scope = {
    variables,
    outputs: { ...parent.outputs },
    steps: { ...parent.steps },
    written: new Set(),
    touched: new Set(),
  }
  if (loop !== undefined) scope.loop = { item: loop.item, index: loop.index }
  else if (parent.loop !== undefined) scope.loop = parent.loop
  return scope
}

/** Merges what an isolated child scope wrote (outputs and step states) into its parent. */
export function mergeScope(parent: Scope, child: Scope): void {
  if (child.written !== undefined) for (const key of child.written) publishOutput(parent, key, child.outputs[key])
  if (child.touched !== undefined) for (const id of child.touched) setStepState(parent, id, child.steps[id])
}

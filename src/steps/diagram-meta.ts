/**
 * Plain-data description of how a step type is drawn in a diagram. No React here: the
 * `stepwise/react/flow` diagram maps it to nodes.
 */
export interface StepDiagramMeta<TStep = unknown> {
  /** Human label of the step type, e.g. "Tool call". */
  label: string
  /** Icon id understood by the diagram (e.g. `sparkles`, `wrench`, `terminal`). */
  icon: string
  /** Category used for colouring and grouping. */
  category: 'ai' | 'action' | 'control' | 'human' | 'data'
  /** Names of the nested blocks, in drawing order (e.g. `['then', 'else']`). Empty for leaves. */
  blocks: readonly string[]
  /** One-line summary of a configured step, shown on its node. */
  summarize(step: TStep): string
}

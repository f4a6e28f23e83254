/**
 * @module
 * `DiagramBoundary`: keeps the editor usable when a half-written document cannot be drawn.
 */
import { Component, type ReactNode } from 'react'

interface Props {
  /** A new value clears the error (the next document is tried again). */
  resetKey: unknown
  children: ReactNode
}

interface State {
  error: Error | undefined
  resetKey: unknown
}

/** Shows the drawing error instead of the diagram until `resetKey` changes. */
export class DiagramBoundary extends Component<Props, State> {
  override state: State = { error: undefined, resetKey: undefined }

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { error: undefined, resetKey: props.resetKey }
  }

  override render(): ReactNode {
    if (this.state.error === undefined) return this.props.children
    return (
      <p className="studio-diagram-error" role="alert">
        The diagram cannot draw this document yet: {this.state.error.message}
      </p>
    )
  }
}

/**
 * @module
 * `ErrorAlert`: an error message announced at once (`role="alert"`); nothing when there is none.
 */
import type { ReactNode } from 'react'

/** Shows `message` when it is set. */
export function ErrorAlert({ message }: { message: string | undefined }): ReactNode {
  if (message === undefined) return null
  return (
    <p className="studio-error" role="alert">
      {message}
    </p>
  )
}

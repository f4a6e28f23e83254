/**
 * @module
 * `useLiveValidation`: validates a document on the server (`client.workflows.validate`) shortly
 * after it stops changing, so the editor shows the same issues a save would.
 */
import { useEffect, useState } from 'react'
import type { ValidationResult } from '../../../src/index.js'
import { useStepwiseClient } from '../../../src/react/index.js'

/** The last verdict, and whether it is about the current document. */
export interface LiveValidation {
  /** The last result (of an earlier document while `current` is false); `undefined` before the first. */
  result: ValidationResult | undefined
  /** True when `result` is about the document passed now. */
  current: boolean
}

interface Checked {
  document: unknown
  result: ValidationResult
}

/** Validates `document` (see the module description). */
export function useLiveValidation(document: unknown, delayMs = 250): LiveValidation {
  const client = useStepwiseClient()
  const [checked, setChecked] = useState<Checked | undefined>(undefined)
  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      client.workflows.validate(document).then(
        (result) => {
          if (live) setChecked({ document, result })
        },
        (error: unknown) => {
          if (live) setChecked({ document, result: { ok: false, issues: [{ path: '', message: error instanceof Error ? error.message : String(error) }] } })
        },
      )
    }, delayMs)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [client, document, delayMs])
  return { result: checked?.result, current: checked !== undefined && checked.document === document }
}

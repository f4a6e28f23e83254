import { expect } from 'vitest'
import { StepwiseError } from '../../src/index.js'

/** Awaits a promise that must reject with a StepwiseError, and returns the error. */
export async function failure(promise: Promise<unknown>): Promise<StepwiseError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(StepwiseError.isInstance(error)).toBe(true)
  return error as StepwiseError
}

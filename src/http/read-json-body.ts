/**
 * @module
 * Reading a JSON request body under a byte cap (checked against `Content-Length` and while
 * streaming), and checking its shape with zod into typed `INVALID_ARGUMENT` errors.
 */
import type { z } from 'zod'
import { StepwiseError } from '../errors/stepwise-error.js'

function tooLarge(maxBytes: number): StepwiseError {
  return new StepwiseError('LIMIT_EXCEEDED', `The request body exceeds ${maxBytes} bytes.`, { details: { limit: 'maxBodyBytes', value: maxBytes } })
}

/** The parsed JSON body, `undefined` when empty. Over `maxBytes` → `LIMIT_EXCEEDED`; not JSON → `INVALID_ARGUMENT`. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) throw tooLarge(maxBytes)
  if (request.body === null) return undefined
  const reader = request.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(maxBytes)
    }
    text += decoder.decode(value, { stream: true })
  }
  text += decoder.decode()
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new StepwiseError('INVALID_ARGUMENT', 'The request body is not valid JSON.')
  }
}

/** Checks `value` against `schema`; a mismatch is `INVALID_ARGUMENT` with `details.issues[{ path, message }]` (JSON Pointers). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map((part) => `/${String(part)}`).join(''), message: issue.message }))
  const first = issues[0]
  throw new StepwiseError('INVALID_ARGUMENT', `Invalid ${what}: ${first === undefined ? 'bad value' : `${first.path === '' ? '' : `${first.path}: `}${first.message}`}.`, { details: { issues } })
}

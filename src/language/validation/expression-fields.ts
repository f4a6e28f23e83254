/**
 * @module
 * Save-time compilation of a step's expression and template fields.
 */
import { checkExpressionSource } from '../expressions/expression-analysis.js'
import { parseTemplate } from '../expressions/template-segments.js'
import type { ExpressionFieldRef } from '../step-schema-spec.js'
import type { ValidationIssue } from '../workflow-types.js'
import { escapePointerToken } from './json-pointer.js'

/** A `variables.<name>` reference found in an expression field. */
export interface VariableReference {
  /** Pointer of the field. */
  path: string
  /** The variable name. */
  name: string
}

const VARIABLE_REFERENCE = /(?<![A-Za-z0-9_$.`])variables\.([A-Za-z_][A-Za-z0-9_]*)/g

function toIssues(path: string, source: string, kind: 'expression' | 'condition', context?: string): ValidationIssue[] {
  return checkExpressionSource(source, kind).map((issue) => ({
    path,
    code: issue.code,
    message: context === undefined ? issue.message : `${context}: ${issue.message}`,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
  }))
}

function collectReferences(path: string, source: string, references: VariableReference[]): void {
  for (const match of source.matchAll(VARIABLE_REFERENCE)) references.push({ path, name: match[1] })
}

function checkTemplate(path: string, text: string, references: VariableReference[]): ValidationIssue[] {
  const parsed = parseTemplate(text)
  if (!parsed.ok) return [{ path, code: 'invalid_expression', message: `${parsed.message} (at position ${parsed.position})`, hint: parsed.hint }]
  const issues: ValidationIssue[] = []
  for (const segment of parsed.segments) {
    if (segment.kind !== 'expression') continue
    collectReferences(path, segment.source, references)
    issues.push(...toIssues(path, segment.source, 'expression', `In \`{{ ${segment.source.length > 60 ? `${segment.source.slice(0, 57)}...` : segment.source} }}\` at position ${segment.offset}`))
  }
  return issues
}

function checkValue(path: string, value: unknown, references: VariableReference[], depth: number): ValidationIssue[] {
  if (typeof value === 'string') return checkTemplate(path, value, references)
  if (depth > 64 || typeof value !== 'object' || value === null) return []
  if (Array.isArray(value)) return value.flatMap((item, index) => checkValue(`${path}/${index}`, item, references, depth + 1))
  return Object.entries(value).flatMap(([key, item]) => checkValue(`${path}/${escapePointerToken(key)}`, item, references, depth + 1))
}

/** Compiles one expression field at save time; issues carry `base` + the field's pointer. */
export function checkExpressionField(field: ExpressionFieldRef, base: string, references: VariableReference[]): ValidationIssue[] {
  const path = base + field.pointer
  switch (field.kind) {
    case 'expression':
    case 'condition':
      if (typeof field.value !== 'string') return []
      collectReferences(path, field.value, references)
      return toIssues(path, field.value, field.kind)
    case 'template':
      return typeof field.value === 'string' ? checkTemplate(path, field.value, references) : []
    case 'value':
      return checkValue(path, field.value, references, 0)
  }
}

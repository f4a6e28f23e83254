/**
 * @module
 * Expressions (JSONata, sandboxed and bounded), conditions, text and value templates, and the
 * bash env-var command rewriting.
 */
export type {
  CompiledExpression,
  CompiledTemplate,
  CompiledValueTemplate,
  EvaluationOptions,
  ExpressionContext,
  TemplateResult,
  ValueTemplateResult,
} from './expression-types.js'
export { compileExpression } from './compile-expression.js'
export { compileCondition } from './compile-condition.js'
export { compileTemplate, stringifyTemplateValue } from './compile-template.js'
export { compileValueTemplate, escapePointerToken } from './compile-value-template.js'
export { toShellEnvCommand, SHELL_TEMPLATE_PREFIX, type ShellEnvCommand } from './shell-env-command.js'
export {
  analyzeExpression,
  checkExpressionSource,
  MAX_AST_NODES,
  MAX_EXPRESSION_LENGTH,
  REMOVED_FUNCTIONS,
  type ExpressionAnalysis,
  type ExpressionSourceIssue,
} from './expression-analysis.js'
export { parseTemplate, unwrapSingleExpression, type ParsedTemplate, type TextSegment, type ExpressionSegment } from './template-segments.js'
export { parsePathExpression, rewriteStepReferences, CONTEXT_ROOTS, type ContextRoot, type PathExpression } from './path-expression.js'
export { jsonataBoolean, toPlainValue } from './plain-value.js'
export { findUnsafeRegex, MAX_REGEX_LENGTH } from './regex-safety.js'
export { MAX_PAD_WIDTH, MAX_PICTURE_LENGTH, MAX_STRING_LENGTH } from './bounded-functions.js'

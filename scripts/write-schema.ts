/**
 * Writes schema/workflow.schema.json (published with the package, for editors) from
 * `workflowJsonSchema`. Run with `npm run schema`; test/cli/schema-file.test.ts fails when the
 * committed file differs.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { workflowSchemaText } from '../src/cli/schema-text.js'

mkdirSync(new URL('../schema/', import.meta.url), { recursive: true })
writeFileSync(new URL('../schema/workflow.schema.json', import.meta.url), workflowSchemaText())
console.log('wrote schema/workflow.schema.json')

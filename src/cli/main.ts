#!/usr/bin/env node
/**
 * @module
 * The `stepwise` executable (`bin` in package.json, built to `dist/cli.js`). See docs/cli.md.
 */
import { processIo } from './cli-io.js'
import { runCli } from './run-cli.js'

process.exitCode = await runCli(process.argv.slice(2), processIo())

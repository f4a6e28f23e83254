/**
 * The stepwise studio: an Express 5 app serving the HTTP API (`stepwise/http`) under `/api` and
 * a small React UI (`stepwise/react`, `stepwise/react/flow`) bundled in memory at startup.
 * Run it with `npm run demo`. Environment: `PORT` (default 3000; 0 picks a free port),
 * `STUDIO_DB` (default `examples/express/.data/studio.db`), `OPENAI_API_KEY`, `OPENAI_BASE_URL`,
 * `OPENAI_MODEL`, `STUDIO_WEBHOOK_SECRET`. See docs/studio.md.
 */
import express from 'express'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { draftWorkflow } from '../../src/index.js'
import { createHandler, toNodeHandler, type DraftRequest, type RequestContext } from '../../src/http/index.js'
import { bundleClient } from './bundle-client.js'
import { createStudioEngine } from './create-studio-engine.js'
import { indexHtml } from './index-html.js'
import { resolveStudioModel } from './studio-model.js'

const port = Number(process.env.PORT ?? 3000)
const dbPath = process.env.STUDIO_DB ?? fileURLToPath(new URL('./.data/studio.db', import.meta.url))
const webhookSecret = process.env.STUDIO_WEBHOOK_SECRET ?? 'studio-demo-secret'
const model = resolveStudioModel(process.env)

const [studio, bundle] = await Promise.all([
  createStudioEngine({
    dbPath,
    samplesDir: fileURLToPath(new URL('../workflows/', import.meta.url)),
    model,
    webhookSecret,
    log: (line) => console.log(line),
  }),
  bundleClient(),
])
const { engine } = studio
const worker = engine.startWorker()

// Test hook (test/e2e): when each streamed text piece was emitted, on this machine's clock.
if (process.env.STUDIO_TRACE_DELTAS === '1') {
  engine.on('agent.text.delta', (event) => console.log(`delta-emitted ${event.executionId} ${event.seq} ${(performance.timeOrigin + performance.now()).toFixed(3)}`))
}

async function draft(input: DraftRequest, context: RequestContext): Promise<unknown> {
  const base = typeof input.base === 'string' ? (await context.engine.workflows.get(input.base)).definition : input.base
  return draftWorkflow({
    model: model.model,
    prompt: input.prompt,
    engine: context.engine,
    ...(base === undefined ? {} : { base }),
    ...(input.stepIds === undefined ? {} : { stepIds: input.stepIds }),
    ...(typeof input.instruction === 'string' ? { instruction: input.instruction } : {}),
  })
}

const api = createHandler(engine, {
  basePath: '/api',
  // The demo has one user; a real app reads its session here (docs/http-api.md).
  authorize: () => ({ tenantId: engine.tenantId, actor: 'user:demo' }),
  draft,
  onError: (error) => console.error(error),
})

const html = indexHtml({ modelLabel: model.label, demoModel: model.demo })
const app = express()
app.disable('x-powered-by')
app.use('/api', toNodeHandler(api))
app.get('/studio.js', (_request, response) => {
  response.type('text/javascript').send(Buffer.from(bundle.js))
})
app.get('/studio.css', (_request, response) => {
  response.type('text/css').send(Buffer.from(bundle.css))
})
app.get('/', (_request, response) => {
  response.type('html').send(html)
})

const server = app.listen(port, () => {
  const { port: actual } = server.address() as AddressInfo
  const webhook = studio.triggers.find((trigger) => trigger.type === 'webhook')
  console.log(`Model: ${model.label}${model.demo ? ' (set OPENAI_API_KEY for a real model)' : ''}`)
  if (webhook?.type === 'webhook') console.log(`Webhook: POST http://localhost:${actual}/api/webhooks/${webhook.config.path} (HMAC secret "${webhookSecret}")`)
  console.log(`Studio running at http://localhost:${actual} — open it, pick "Triage a new issue" and press Run`)
})

let closing = false
async function shutdown(): Promise<void> {
  if (closing) return
  closing = true
  console.log('Shutting down…')
  server.close()
  server.closeAllConnections() // event streams would keep it open
  await worker.stop()
  await studio.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())

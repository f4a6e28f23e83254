import { tool } from 'ai'
import { createEngine, memoryStorage, type Engine } from 'stepwise'
import { createHandler } from 'stepwise/http'
import { z } from 'zod'
import { demoModel } from './demo-model'
import { releaseNotes } from './workflow'

type Handler = (request: Request) => Promise<Response>

function createStepwise(): { engine: Engine; handler: Handler; ready: Promise<unknown> } {
  const engine = createEngine({
    // Memory storage keeps nothing across restarts. For durable runs use `sqliteStorage` from
    // `stepwise/sqlite` (and add better-sqlite3 to `serverExternalPackages` in next.config.ts)
    // or `postgresStorage` from `stepwise/postgres`.
    storage: memoryStorage(),
    tenantId: 'demo',
    models: { default: demoModel() },
    tools: {
      publishNotes: tool({
        description: 'Publishes release notes',
        inputSchema: z.object({ repo: z.string(), notes: z.string() }),
        execute: async ({ repo }) => ({ url: `https://example.invalid/${repo}/releases/next` }),
      }),
    },
    notifiers: { default: ({ content }) => console.log(`[stepwise] ${content}`) },
  })
  const handler = createHandler(engine, {
    basePath: '/api/stepwise',
    // A real app reads its session here and returns the user's tenant; see docs/http-api.md.
    authorize: () => ({ tenantId: 'demo', actor: 'user:demo' }),
  })
  return { engine, handler, ready: engine.workflows.save(releaseNotes) }
}

// One engine per server process. The global survives `next dev` reloading this module, so runs
// (and their event streams) are not lost on every edit.
const globalForStepwise = globalThis as typeof globalThis & { stepwise?: ReturnType<typeof createStepwise> }

function stepwise(): ReturnType<typeof createStepwise> {
  globalForStepwise.stepwise ??= createStepwise()
  return globalForStepwise.stepwise
}

/** The stepwise HTTP API; the engine is created on the first request, not when `next build` loads the route. */
export async function handleStepwise(request: Request): Promise<Response> {
  const { handler, ready } = stepwise()
  await ready
  return handler(request)
}

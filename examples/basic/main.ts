/**
 * A runnable stepwise workflow: a tool, a loop, a conditional and an approval, with every event
 * printed as it happens. Run it with `npm run demo`.
 */
import { readFileSync } from 'node:fs'
import { tool } from 'ai'
import { z } from 'zod'
import { createEngine, memoryStorage, type StepwiseEvent } from '../../src/index.js'

const workflow: unknown = JSON.parse(readFileSync(new URL('./workflow.json', import.meta.url), 'utf8'))

const tools = {
  listPullRequests: tool({
    description: 'Lists merged pull requests of a repository',
    inputSchema: z.object({ repo: z.string() }),
    execute: async ({ repo }) => ({
      repo,
      pulls: [
        { number: 41, title: 'Fix crash when the config file is empty' },
        { number: 42, title: 'Add streaming support to the chat endpoint' },
        { number: 43, title: 'Typo in README' },
      ],
    }),
  }),
  scorePullRequest: tool({
    description: 'Scores how notable a pull request is (0..1)',
    inputSchema: z.object({ title: z.string() }),
    execute: async ({ title }) => ({ title, score: /typo/i.test(title) ? 0.1 : 0.8 }),
  }),
  publishNotes: tool({
    description: 'Publishes release notes',
    inputSchema: z.object({ repo: z.string(), count: z.number() }),
    execute: async ({ repo, count }, { experimental_context }) => ({
      url: `https://example.invalid/${repo}/releases/next`,
      count,
      idempotencyKey: (experimental_context as { idempotencyKey: string }).idempotencyKey,
    }),
  }),
}

const engine = createEngine({
  storage: memoryStorage(),
  tools,
  notifiers: { default: ({ content }) => console.log(`  📣 ${content}`) },
})

function describe(event: StepwiseEvent): string {
  const where = 'stepId' in event ? ` ${event.stepId}${event.iterationPath ? ` [${event.iterationPath}]` : ''}` : ''
  switch (event.type) {
    case 'step.completed':
      return `${where} → ${JSON.stringify(event.output)}`
    case 'step.failed':
      return `${where} ✗ ${event.error.code}: ${event.error.message}`
    case 'approval.requested':
      return `${where} asks: "${event.prompt}"`
    case 'execution.completed':
      return ` outputs: ${JSON.stringify(event.outputs)}`
    default:
      return where
  }
}

engine.on('*', (event) => console.log(`#${String(event.seq).padStart(2)} ${event.type.padEnd(20)}${describe(event)}`))

const saved = await engine.workflows.save(workflow)
console.log(`Saved workflow ${saved.id} v${saved.version} (${saved.hash.slice(0, 19)}…)\n`)

const execution = await engine.run(saved.id, { variables: { repo: 'acme/rocket' } })
console.log(`\nExecution ${execution.id} is ${execution.status}${execution.waitingFor ? ` for ${execution.waitingFor.kind}` : ''}.`)

if (execution.status === 'waiting') {
  console.log('A person approves (engine.executions.approve) …\n')
  await engine.executions.approve(execution.id, { approved: true, by: 'demo-user', comment: 'Looks good' })
  const done = await engine.executions.settled(execution.id)
  console.log(`\nExecution ${done.id} is ${done.status}.`)
  if (done.status !== 'completed') process.exitCode = 1
}
await engine.close()

/**
 * LangGraph.js (@langchain/langgraph 1.7) in the peer benchmark, written as its docs show: a
 * `StateGraph` over an `Annotation.Root` state, nodes returning state updates, edges from START to
 * END, `compile({ checkpointer })`, `invoke()` with a `thread_id`, `interrupt()` + `Command({ resume })`
 * for the approval, and `streamMode: 'custom'` with the node's `config.writer` for streaming. Modes:
 * - `memory`: no checkpointer. W5 needs one for `interrupt()`, so W5 alone uses `MemorySaver`
 *   (LangGraph's in-memory checkpointer), footnoted.
 * - `sqlite`: `SqliteSaver` (@langchain/langgraph-checkpoint-sqlite) on a fresh file; W7 runs with
 *   `durability: 'sync'` (each step's checkpoint written before the next step, as stepwise does).
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Annotation, Command, END, MemorySaver, START, StateGraph, interrupt, type BaseCheckpointSaver, type LangGraphRunnableConfig } from '@langchain/langgraph'
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite'
import { streamText } from 'ai'
import { bigOutput, runWorker, trivial, type Driver } from '../harness.js'
import { mockModelV3 } from '../mock-model.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyGraph = any

const Counter = Annotation.Root({ n: Annotation<number> })

async function driverFor(mode: string): Promise<Driver> {
  if (mode !== 'memory' && mode !== 'sqlite') throw new Error(`unknown LangGraph mode ${mode}`)
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-peers-langgraph-'))
  const checkpointer: BaseCheckpointSaver | undefined = mode === 'sqlite' ? SqliteSaver.fromConnString(join(dir, 'langgraph.db')) : undefined
  /** Config of one run: a fresh thread when there is a checkpointer (a checkpointed run needs a thread). */
  const config = (recursionLimit: number, extra: Record<string, unknown> = {}) => ({
    recursionLimit,
    ...extra,
    ...(checkpointer === undefined ? {} : { configurable: { thread_id: randomUUID() } }),
  })

  const driver: Driver = {
    async chain(steps) {
      let builder: AnyGraph = new StateGraph(Counter)
      for (let i = 0; i < steps; i++) builder = builder.addNode(`s${i}`, async (state: { n: number }) => ({ n: await trivial(state.n) }))
      builder = builder.addEdge(START, 's0')
      for (let i = 1; i < steps; i++) builder = builder.addEdge(`s${i - 1}`, `s${i}`)
      const graph = builder.addEdge(`s${steps - 1}`, END).compile({ checkpointer })
      return async () => {
        const result = await graph.invoke({ n: 0 }, config(steps + 10))
        if (result.n !== steps) throw new Error(`chain: n = ${result.n}`)
      }
    },
    async loop(items) {
      // A cycle through one node, with a counter in the state: a growing list of items or results in
      // the state would be re-serialised into every checkpoint.
      const Loop = Annotation.Root({ i: Annotation<number>, last: Annotation<number> })
      const graph: AnyGraph = new StateGraph(Loop)
        .addNode('body', async (state) => ({ i: state.i + 1, last: await trivial(state.i + 1) }))
        .addEdge(START, 'body')
        .addConditionalEdges('body', (state) => (state.i < items ? 'body' : END))
        .compile({ checkpointer })
      return async () => {
        const result = await graph.invoke({ i: 0, last: 0 }, config(items + 10))
        if (result.i !== items) throw new Error(`loop: i = ${result.i}`)
      }
    },
    async branches(count) {
      const Fan = Annotation.Root({ n: Annotation<number>, out: Annotation<number[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) })
      let builder: AnyGraph = new StateGraph(Fan)
      for (let i = 0; i < count; i++) builder = builder.addNode(`b${i}`, async (state: { n: number }) => ({ out: [await trivial(state.n + i)] }))
      for (let i = 0; i < count; i++) builder = builder.addEdge(START, `b${i}`).addEdge(`b${i}`, END)
      const graph = builder.compile({ checkpointer })
      return async () => {
        const result = await graph.invoke({ n: 0 }, config(25))
        if (result.out.length !== count) throw new Error(`branches: ${result.out.length}`)
      }
    },
    async park() {
      const Gate = Annotation.Root({ n: Annotation<number>, approved: Annotation<boolean> })
      const graph: AnyGraph = new StateGraph(Gate)
        .addNode('gate', async () => {
          const decision = interrupt<{ prompt: string }, { approved: boolean }>({ prompt: 'Approve?' })
          return { approved: decision.approved }
        })
        .addNode('after', async (state) => ({ n: await trivial(state.n) }))
        .addEdge(START, 'gate')
        .addEdge('gate', 'after')
        .addEdge('after', END)
        .compile({ checkpointer: checkpointer ?? new MemorySaver() })
      return {
        async start() {
          const runConfig = { configurable: { thread_id: randomUUID() } }
          const result = await graph.invoke({ n: 0, approved: false }, runConfig)
          if (result.__interrupt__ === undefined) throw new Error('park: no interrupt')
          return runConfig
        },
        async approve(handle) {
          const result = await graph.invoke(new Command({ resume: { approved: true } }), handle)
          if (result.n !== 1 || result.approved !== true) throw new Error(`approve: ${JSON.stringify(result)}`)
        },
      }
    },
    async stream(tokens) {
      const model = mockModelV3(tokens)
      const Reply = Annotation.Root({ prompt: Annotation<string>, text: Annotation<string> })
      const graph: AnyGraph = new StateGraph(Reply)
        .addNode('reply', async (state, runConfig: LangGraphRunnableConfig) => {
          let text = ''
          const result = streamText({ model, prompt: state.prompt, maxRetries: 0 })
          for await (const part of result.fullStream) {
            if (part.type === 'text-delta') {
              runConfig.writer?.(part.text)
              text += part.text
            }
          }
          return { text }
        })
        .addEdge(START, 'reply')
        .addEdge('reply', END)
        .compile({ checkpointer })
      return async () => {
        let text = ''
        for await (const chunk of await graph.stream({ prompt: 'Write.' }, config(25, { streamMode: 'custom' }))) text += chunk as string
        return text
      }
    },
    async close() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
  if (checkpointer === undefined) driver.notes = { W5: "LangGraph's MemorySaver: interrupt() needs a checkpointer" }
  else {
    driver.durable = async (steps, bytes) => {
      const Outputs = Annotation.Root({ outputs: Annotation<Record<string, string>>({ reducer: (a, b) => ({ ...a, ...b }), default: () => ({}) }) })
      let builder: AnyGraph = new StateGraph(Outputs)
      for (let i = 0; i < steps; i++) builder = builder.addNode(`s${i}`, async () => ({ outputs: { [`s${i}`]: bigOutput(bytes, await trivial(i)) } }))
      builder = builder.addEdge(START, 's0')
      for (let i = 1; i < steps; i++) builder = builder.addEdge(`s${i - 1}`, `s${i}`)
      const graph = builder.addEdge(`s${steps - 1}`, END).compile({ checkpointer })
      return async () => {
        const result = await graph.invoke({}, config(steps + 10, { durability: 'sync' }))
        if (Object.keys(result.outputs).length !== steps) throw new Error('durable: missing outputs')
      }
    }
  }
  return driver
}

await runWorker(driverFor)

/**
 * @module
 * The demo tools of `stepwise run` and `stepwise dev`: offline fakes with fixed, plausible data
 * (an issue tracker and a repository), used by the sample workflows in `examples/workflows/`,
 * and `stubTool` for any other tool name a workflow uses.
 */
import { jsonSchema, tool } from 'ai'
import { z } from 'zod'
import { withToolMeta } from '../policy/tool-meta.js'
import type { ToolMap } from '../engine/services.js'

const ISSUES = [
  { number: 1287, title: 'App crashes when the config file is empty', author: 'mira-k', body: 'Starting the CLI with an empty `rocket.config.json` throws `TypeError: Cannot read properties of undefined (reading \'targets\')` and exits. Expected a friendly error or defaults.' },
  { number: 1290, title: 'Support YAML config files', author: 'devon', body: 'Most of our tooling uses YAML; it would be great if rocket could read `rocket.config.yaml` too.' },
  { number: 1291, title: 'Typo in the getting-started guide', author: 'lee', body: 'Step 3 says `rocket inti` instead of `rocket init`.' },
]

const COMMITS = [
  { sha: '9f3c2e1', message: 'Fix crash on empty config file', author: 'mira-k' },
  { sha: '4b7a9d0', message: 'Add --dry-run to the deploy command', author: 'devon' },
  { sha: 'c21e5f8', message: 'Bump esbuild to 0.25', author: 'renovate[bot]' },
]

const repo = z.string().describe('Repository, owner/name')

/** The demo issue with `number` (issue #1287's text under another number when there is none). */
function demoIssue(number: number): (typeof ISSUES)[number] {
  return ISSUES.find((issue) => issue.number === number) ?? { ...ISSUES[0], number }
}

/**
 * The demo tools, by name:
 * - `get_issue({ repo, number })` → `{ repo, number, title, body, author, labels, url }`
 * - `list_open_issues({ repo })` → `{ repo, issues: [{ number, title, author }] }`
 * - `list_commits({ repo, since?, branch? })` → `{ repo, branch, commits: [{ sha, message, author }] }`
 * - `add_labels({ repo, number, labels })` → `{ repo, number, labels }`
 * - `post_comment({ repo, number?, sha?, body })` → `{ id, url }`
 * - `echo(anything)` → its input
 */
export function demoTools(): ToolMap {
  return {
    get_issue: withToolMeta(
      tool({
        description: 'Reads an issue (demo data).',
        inputSchema: z.object({ repo, number: z.number().int() }),
        execute: async (input) => {
          const issue = demoIssue(input.number)
          return { repo: input.repo, ...issue, labels: [] as string[], url: `https://github.com/${input.repo}/issues/${issue.number}` }
        },
      }),
      { risk: 'low' },
    ),
    list_open_issues: withToolMeta(
      tool({
        description: 'Lists open issues (demo data).',
        inputSchema: z.object({ repo }),
        execute: async (input) => ({ repo: input.repo, issues: ISSUES.map(({ number, title, author }) => ({ number, title, author })) }),
      }),
      { risk: 'low' },
    ),
    list_commits: withToolMeta(
      tool({
        description: 'Lists recent commits of a branch (demo data).',
        inputSchema: z.object({ repo, since: z.string().optional(), branch: z.string().optional() }),
        execute: async (input) => ({ repo: input.repo, branch: input.branch ?? 'main', commits: COMMITS }),
      }),
      { risk: 'low' },
    ),
    add_labels: tool({
      description: 'Adds labels to an issue (demo: nothing is changed).',
      inputSchema: z.object({ repo, number: z.number().int(), labels: z.array(z.string()) }),
      execute: async (input) => ({ repo: input.repo, number: input.number, labels: input.labels }),
    }),
    post_comment: tool({
      description: 'Comments on an issue or a commit (demo: nothing is posted).',
      inputSchema: z.object({ repo, number: z.number().int().optional(), sha: z.string().optional(), body: z.string() }),
      execute: async (input, options) => {
        const where = input.number === undefined ? `commit/${input.sha ?? 'HEAD'}` : `issues/${input.number}`
        const id = Math.abs(hashCode(options.toolCallId + input.body)) % 1_000_000
        return { id, url: `https://github.com/${input.repo}/${where}#comment-${id}` }
      },
    }),
    echo: tool({
      description: 'Returns its input.',
      inputSchema: jsonSchema<Record<string, unknown>>({ type: 'object', additionalProperties: true }),
      execute: async (input) => input,
    }),
  }
}

function hashCode(text: string): number {
  let hash = 0
  for (let i = 0; i < text.length; i += 1) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0
  return hash
}

/** A stand-in for a tool the CLI does not have: returns `{ stub: true, tool, arguments }`. */
export function stubTool(name: string): ToolMap[string] {
  return tool({
    description: `Stand-in for "${name}" (stepwise CLI): returns its arguments.`,
    inputSchema: jsonSchema<Record<string, unknown>>({ type: 'object', additionalProperties: true }),
    execute: async (input) => ({ stub: true, tool: name, arguments: input }),
  })
}

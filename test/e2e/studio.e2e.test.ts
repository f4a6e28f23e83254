/**
 * The studio (examples/express) in real Chromium: draft → save → run; the issue triage sample
 * streaming, marking steps done in the diagram, approved from the ApprovalCard, completed; a
 * signed webhook shown in the delivery log; and the latency of streamed text from the server to
 * `useWorkflowExecution` (printed, not asserted). Screenshots go to screenshots/e2e/ (git-ignored).
 */
import { createHmac, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deltaLatency, type DeltaReceipt } from './delta-latency.js'
import { startStudio, type StudioProcess } from './studio-process.js'

const CHROMIUM = '/usr/bin/chromium'
const SHOTS = fileURLToPath(new URL('../../screenshots/e2e/', import.meta.url))
const SECRET = `e2e-${randomUUID()}`
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.log(`Skipping the studio end-to-end test: ${CHROMIUM} is missing (Debian: apt-get install chromium).`)

describe.skipIf(!hasChromium)('studio end to end (Chromium)', () => {
  let dir: string
  let studio: StudioProcess
  let browser: Browser
  let page: Page
  const receipts = new Map<string, DeltaReceipt[]>()
  const pageErrors: string[] = []

  const shot = (name: string, fullPage = false): Promise<Buffer> => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage })
  /** Takes the page's delta receipts of the run just watched, under a label. */
  const collectReceipts = async (label: string): Promise<void> => {
    receipts.set(label, await page.evaluate(() => window.__stepwiseDeltaTimes?.splice(0) ?? []))
  }
  const executionStatus = () => page.getByLabel('Execution status')

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    dir = mkdtempSync(join(tmpdir(), 'stepwise-studio-e2e-'))
    const started = Date.now()
    const env = { STUDIO_DB: join(dir, 'studio.db'), STUDIO_TRACE_DELTAS: '1', STUDIO_WEBHOOK_SECRET: SECRET, OPENAI_API_KEY: '' }
    ;[studio, browser] = await Promise.all([
      startStudio(env),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      }),
    ])
    console.log(`studio and Chromium ready in ${Date.now() - started} ms at ${studio.url}`)
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(studio.url)
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    const code = await studio?.stop()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    expect(code, 'the studio shuts down cleanly on SIGTERM').toBe(0)
  }, 30_000)

  it('shows which model it uses', async () => {
    await expect.poll(() => page.getByText('Demo model — scripted replies').count()).toBe(1)
    expect(studio.lines.some((line) => /Studio running at http:\/\/localhost:\d+ — open it, pick "Triage a new issue" and press Run/.test(line))).toBe(true)
  })

  it('drafts a workflow from a sentence, saves it and runs it to completion', async () => {
    await page.getByRole('link', { name: '+ Draft from a sentence' }).click()
    await page.getByLabel('What should the workflow do?').fill('Summarise the open support tickets and tell the team')
    await page.getByRole('button', { name: 'Draft' }).click()
    await page.getByLabel('Validation').getByText('✓ Valid workflow').waitFor()
    await expect.poll(() => page.getByRole('button', { name: /Work on it/ }).count()).toBeGreaterThan(0)
    await shot('1-draft')
    await page.getByRole('button', { name: 'Save workflow' }).click()
    await page.waitForURL(/#\/workflows\/summarise-the-open-support-tickets/)
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await page.waitForURL(/#\/executions\//)
    await executionStatus().getByText('completed').waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByRole('region', { name: 'Step Work on it' }).textContent()).toContain('This is the demo model')
    await collectReceipts('drafted workflow, no screenshot while streaming')
    await shot('2-draft-run-completed')
  }, 40_000)

  it('runs "Triage a new issue": streamed text, steps marked done in the diagram, approved from the ApprovalCard, completed', async () => {
    await page.getByRole('link', { name: 'Triage a new issue' }).click()
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await page.waitForURL(/#\/executions\//)
    // The reply streams in pieces: its first words are shown before its last ones arrived.
    const reply = page.getByRole('region', { name: 'Step Draft a first reply' })
    await expect.poll(() => reply.textContent(), { timeout: 20_000, interval: 20 }).toMatch(/Hi, and thanks(?![\s\S]*scripted reply\.\))/)
    await reply.scrollIntoViewIfNeeded()
    await shot('3-triage-streaming')
    const approve = page.getByRole('button', { name: 'Approve' })
    await approve.waitFor({ timeout: 20_000 })
    await expect(executionStatus().textContent()).resolves.toContain('waiting')
    const diagram = page.getByRole('region', { name: 'Diagram' })
    for (const step of ['Read the issue', 'Classify', 'Draft a first reply']) {
      await expect.poll(() => diagram.getByRole('button', { name: new RegExp(`${step}.*completed`) }).count()).toBe(1)
    }
    await expect.poll(() => diagram.getByRole('button', { name: /Maintainer check.*waiting/ }).count()).toBe(1)
    await page.getByRole('region', { name: /approval required/ }).scrollIntoViewIfNeeded()
    await shot('4-triage-approval')
    await page.emulateMedia({ colorScheme: 'dark' })
    await shot('5-triage-approval-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    await page.getByLabel('Comment (optional)').fill('Looks right, ship it')
    await approve.click()
    await executionStatus().getByText('completed').waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getByText('✓ Approved by user:demo').count()).toBe(1)
    await expect.poll(() => diagram.getByRole('button', { name: /page.*completed/ }).count()).toBe(1)
    await expect.poll(() => page.getByRole('status', { name: 'Workflow progress' }).textContent()).toContain('7/7')
    await collectReceipts('issue triage, a screenshot while streaming')
    await page.evaluate(() => window.scrollTo(0, 0))
    await shot('6-triage-completed')
    await shot('7-triage-trace', true)
  }, 60_000)

  it('shows a signed webhook delivery, and a rejected unsigned one, in the delivery log', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/rocket' }, commits: [{ id: 'e2e0001', message: 'Make the e2e test pass', author: { name: 'e2e' } }] })
    const endpoint = `${studio.url}/api/webhooks/github/push`
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`
    const signed = await fetch(endpoint, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-webhook-signature': signature, 'x-webhook-id': 'e2e-delivery-1' } })
    expect(signed.status).toBe(202)
    const { executionId } = (await signed.json()) as { executionId: string }
    const unsigned = await fetch(endpoint, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-webhook-id': 'e2e-delivery-2' } })
    expect(unsigned.status).toBe(401)

    await page.getByRole('link', { name: 'Schedules & webhooks' }).click()
    const log = page.getByRole('table', { name: 'Deliveries of GitHub push' })
    const matched = log.getByRole('row').filter({ hasText: 'e2e-delivery-1' })
    await expect.poll(() => matched.textContent(), { timeout: 10_000 }).toContain('matched')
    expect(await matched.getByRole('link').textContent()).toBe(executionId.slice(0, 8))
    await expect.poll(() => log.getByRole('row').filter({ hasText: 'invalid signature' }).count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await shot('8-webhook-delivery-log')
    await matched.getByRole('link').click()
    await executionStatus().getByText('completed').waitFor({ timeout: 20_000 })
  }, 40_000)

  it('delivers streamed text to useWorkflowExecution quickly (printed, not asserted)', () => {
    const lines = ['agent.text.delta, from the server emitting it to useWorkflowExecution state in Chromium (same clock):']
    for (const [label, runReceipts] of receipts) {
      const summary = deltaLatency(studio.lines, runReceipts)
      expect(summary, `the page saw the deltas the server emitted (${label})`).toBeDefined()
      if (summary !== undefined) {
        lines.push(`  ${label}: ${summary.count} deltas, median ${summary.medianMs.toFixed(1)} ms, p95 ${summary.p95Ms.toFixed(1)} ms, max ${summary.maxMs.toFixed(1)} ms`)
      }
    }
    console.log(lines.join('\n'))
    expect(pageErrors).toEqual([])
  })
})

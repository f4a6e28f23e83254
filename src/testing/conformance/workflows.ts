import { describe, expect, it } from 'vitest'
import type { ConformanceContext } from './context.js'
import { TENANT_A, isoAt, makeSaveInput } from '../conformance-fixtures.js'

/** Snapshots, workflow heads and versions. */
export function describeWorkflowCases(ctx: ConformanceContext): void {
  describe('snapshots', () => {
    it('putSnapshot stores a definition that getSnapshot returns; unknown hashes are undefined', async () => {
      const definition = { id: 'wf', steps: [{ id: 'a', type: 'set', values: { n: 1, s: 'x', list: [true, null] } }] }
      await ctx.storage.putSnapshot(TENANT_A, 'h-1', definition)
      expect(await ctx.storage.getSnapshot(TENANT_A, 'h-1')).toEqual(definition)
      expect(await ctx.storage.getSnapshot(TENANT_A, 'h-unknown')).toBeUndefined()
    })

    it('putSnapshot is idempotent: a second put of the same hash keeps the first definition', async () => {
      await ctx.storage.putSnapshot(TENANT_A, 'h-1', { v: 1 })
      await ctx.storage.putSnapshot(TENANT_A, 'h-1', { v: 1 })
      await ctx.storage.putSnapshot(TENANT_A, 'h-1', { v: 2 })
      expect(await ctx.storage.getSnapshot(TENANT_A, 'h-1')).toEqual({ v: 1 })
    })

    it('saveWorkflow also stores the definition snapshot under its hash', async () => {
      const input = makeSaveInput('wf-a', 'h-a')
      await ctx.storage.saveWorkflow(TENANT_A, input)
      expect(await ctx.storage.getSnapshot(TENANT_A, 'h-a')).toEqual(input.definition)
    })
  })

  describe('workflows', () => {
    it('saveWorkflow creates version 1 and the head', async () => {
      const result = await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1'))
      expect(result.changed).toBe(true)
      expect(result.workflow).toEqual({ id: 'wf-a', version: 1, hash: 'h-1', name: 'Workflow wf-a', createdAt: isoAt(), updatedAt: isoAt() })
      expect(result.version).toEqual({ workflowId: 'wf-a', version: 1, hash: 'h-1', source: 'save', author: 'bob', notes: 'first', createdAt: isoAt() })
      expect(await ctx.storage.getWorkflow(TENANT_A, 'wf-a')).toEqual(result.workflow)
    })

    it('saving the hash the head already has changes nothing and returns the current version', async () => {
      const first = await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1'))
      const again = await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1', { now: isoAt(60_000), source: 'update' }))
      expect(again.changed).toBe(false)
      expect(again.workflow).toEqual(first.workflow)
      expect(again.version).toEqual(first.version)
      expect(await ctx.storage.listWorkflowVersions(TENANT_A, 'wf-a')).toHaveLength(1)
    })

    it('a new hash creates the next version, keeps createdAt and lists versions newest first', async () => {
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1'))
      const second = await ctx.storage.saveWorkflow(
        TENANT_A,
        makeSaveInput('wf-a', 'h-2', { now: isoAt(60_000), source: 'update', author: 'carol', notes: 'second', name: 'Renamed' }),
      )
      expect(second.changed).toBe(true)
      expect(second.workflow).toEqual({ id: 'wf-a', version: 2, hash: 'h-2', name: 'Renamed', createdAt: isoAt(), updatedAt: isoAt(60_000) })
      expect(second.version).toMatchObject({ version: 2, hash: 'h-2', source: 'update', author: 'carol', notes: 'second' })
      const versions = await ctx.storage.listWorkflowVersions(TENANT_A, 'wf-a')
      expect(versions.map((v) => [v.version, v.hash, v.source])).toEqual([
        [2, 'h-2', 'update'],
        [1, 'h-1', 'save'],
      ])
    })

    it('returning to an earlier hash creates a new version (only the head hash dedups)', async () => {
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1'))
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-2'))
      const back = await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1', { source: 'rollback' }))
      expect(back.changed).toBe(true)
      expect(back.workflow).toMatchObject({ version: 3, hash: 'h-1' })
      expect((await ctx.storage.listWorkflowVersions(TENANT_A, 'wf-a')).map((v) => v.version)).toEqual([3, 2, 1])
    })

    it('versions are per workflow', async () => {
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1'))
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-2'))
      const other = await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-b', 'h-2'))
      expect(other.workflow.version).toBe(1)
      expect(other.changed).toBe(true)
    })

    it('getWorkflow of an unknown id is undefined; listWorkflows is ordered by id', async () => {
      expect(await ctx.storage.getWorkflow(TENANT_A, 'nope')).toBeUndefined()
      expect(await ctx.storage.listWorkflows(TENANT_A)).toEqual([])
      for (const id of ['wf-c', 'wf-a', 'wf-b']) await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput(id, `h-${id}`))
      const list = await ctx.storage.listWorkflows(TENANT_A)
      expect(list.map((w) => w.id)).toEqual(['wf-a', 'wf-b', 'wf-c'])
      expect(list[0]).toEqual(await ctx.storage.getWorkflow(TENANT_A, 'wf-a'))
      expect(await ctx.storage.listWorkflowVersions(TENANT_A, 'nope')).toEqual([])
    })

    it('a head without a name has no name', async () => {
      const result = await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1', { name: undefined, author: undefined, notes: undefined }))
      const head = await ctx.storage.getWorkflow(TENANT_A, 'wf-a')
      expect(head?.name).toBeUndefined()
      expect(result.version.author).toBeUndefined()
      expect((await ctx.storage.listWorkflowVersions(TENANT_A, 'wf-a'))[0].notes).toBeUndefined()
    })

    it('deleteWorkflow removes the head but keeps versions and snapshots', async () => {
      const input = makeSaveInput('wf-a', 'h-1')
      await ctx.storage.saveWorkflow(TENANT_A, input)
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-b', 'h-b'))
      expect(await ctx.storage.deleteWorkflow(TENANT_A, 'wf-a')).toBe(true)
      expect(await ctx.storage.getWorkflow(TENANT_A, 'wf-a')).toBeUndefined()
      expect((await ctx.storage.listWorkflows(TENANT_A)).map((w) => w.id)).toEqual(['wf-b'])
      expect(await ctx.storage.listWorkflowVersions(TENANT_A, 'wf-a')).toHaveLength(1)
      expect(await ctx.storage.getSnapshot(TENANT_A, 'h-1')).toEqual(input.definition)
      expect(await ctx.storage.deleteWorkflow(TENANT_A, 'wf-a')).toBe(false)
      expect(await ctx.storage.deleteWorkflow(TENANT_A, 'never-saved')).toBe(false)
    })

    it('saving a deleted workflow again continues its version numbers', async () => {
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-1'))
      await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-2'))
      await ctx.storage.deleteWorkflow(TENANT_A, 'wf-a')
      const again = await ctx.storage.saveWorkflow(TENANT_A, makeSaveInput('wf-a', 'h-2', { now: isoAt(5_000) }))
      expect(again.changed).toBe(true)
      expect(again.workflow).toMatchObject({ id: 'wf-a', version: 3, hash: 'h-2', createdAt: isoAt(5_000) })
      expect((await ctx.storage.listWorkflowVersions(TENANT_A, 'wf-a')).map((v) => v.version)).toEqual([3, 2, 1])
    })
  })
}

import { describe, expect, it } from 'vitest'
import { lineDiff } from './line-diff.js'

describe('lineDiff', () => {
  it('marks removed and added lines and keeps common ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc')).toBe('  a\n- b\n+ x\n  c')
  })

  it('folds long unchanged runs', () => {
    const before = Array.from({ length: 20 }, (_, k) => `line ${k}`).join('\n')
    const after = before.replace('line 10', 'LINE 10')
    const diff = lineDiff(before, after, 1)
    expect(diff).toBe('…\n  line 9\n- line 10\n+ LINE 10\n  line 11\n…')
  })

  it('is empty of changes for equal texts', () => {
    expect(lineDiff('a\nb', 'a\nb')).not.toMatch(/^[+-] /m)
  })
})

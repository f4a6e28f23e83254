/**
 * @module
 * The optional default stylesheet of the components: plain CSS on `stepwise-*` classes and
 * `data-status` attributes, themed with CSS variables. Without it the components are plain
 * semantic HTML that inherits the page's styles.
 */
import type { ReactNode } from 'react'

/**
 * The default stylesheet as a string. Theme it by setting the variables on any ancestor:
 * `--stepwise-accent`, `--stepwise-fg`, `--stepwise-muted`, `--stepwise-bg`, `--stepwise-surface`,
 * `--stepwise-border`, `--stepwise-radius`, `--stepwise-success`, `--stepwise-danger`,
 * `--stepwise-warning`, `--stepwise-font-mono`.
 */
export const stepwiseStyles = `
:where(.stepwise-step-container, .stepwise-step-card, .stepwise-approval, .stepwise-trigger-card, .stepwise-context-bar, .stepwise-delivery-log) {
  --_accent: var(--stepwise-accent, #4f46e5);
  --_fg: var(--stepwise-fg, inherit);
  --_muted: var(--stepwise-muted, #6b7280);
  --_surface: var(--stepwise-surface, transparent);
  --_border: var(--stepwise-border, #d1d5db);
  --_radius: var(--stepwise-radius, 8px);
  --_success: var(--stepwise-success, #15803d);
  --_danger: var(--stepwise-danger, #b91c1c);
  --_warning: var(--stepwise-warning, #b45309);
  --_mono: var(--stepwise-font-mono, ui-monospace, SFMono-Regular, Menlo, monospace);
  color: var(--_fg);
  box-sizing: border-box;
}
:where(.stepwise-step-container, .stepwise-step-card, .stepwise-approval, .stepwise-trigger-card) {
  background: var(--_surface);
  border: 1px solid var(--_border);
  border-left: 3px solid var(--_border);
  border-radius: var(--_radius);
  padding: 0.75rem 1rem;
  margin: 0.5rem 0;
}
:where(.stepwise-step-container, .stepwise-step-card)[data-status='running'] { border-left-color: var(--_accent); }
:where(.stepwise-step-container, .stepwise-step-card, .stepwise-approval)[data-status='waiting'],
.stepwise-approval[data-status='pending'] { border-left-color: var(--_warning); }
:where(.stepwise-step-container, .stepwise-step-card)[data-status='completed'],
.stepwise-approval[data-status='approved'] { border-left-color: var(--_success); }
:where(.stepwise-step-container, .stepwise-step-card)[data-status='failed'],
.stepwise-approval[data-status='denied'] { border-left-color: var(--_danger); }
.stepwise-step-header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem; }
.stepwise-step-title { font-size: 1rem; font-weight: 600; margin: 0; }
.stepwise-tag { font-size: 0.75rem; padding: 0 0.4rem; border: 1px solid var(--_border); border-radius: 999px; color: var(--_muted); }
.stepwise-meta { font-size: 0.8rem; color: var(--_muted); }
.stepwise-status { font-size: 0.8rem; font-weight: 500; margin-left: auto; }
.stepwise-status[data-status='running'] { color: var(--_accent); }
.stepwise-status[data-status='completed'] { color: var(--_success); }
.stepwise-status[data-status='failed'] { color: var(--_danger); }
.stepwise-status[data-status='waiting'] { color: var(--_warning); }
.stepwise-text { white-space: pre-wrap; margin: 0.5rem 0; }
.stepwise-prompt, .stepwise-content { margin: 0.5rem 0; padding-left: 0.75rem; border-left: 2px solid var(--_border); color: var(--_muted); white-space: pre-wrap; }
.stepwise-error { color: var(--_danger); }
.stepwise-kv { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
.stepwise-kv-row { display: contents; }
.stepwise-kv dt { font-weight: 600; }
.stepwise-kv dd { margin: 0; overflow-wrap: anywhere; }
:where(.stepwise-step-container, .stepwise-step-card, .stepwise-approval, .stepwise-trigger-card) pre { font-family: var(--_mono); font-size: 0.8rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0; }
:where(.stepwise-step-container, .stepwise-step-card) details > summary { cursor: pointer; color: var(--_muted); font-size: 0.85rem; }
.stepwise-tool-calls { list-style: none; padding: 0; margin: 0.5rem 0; }
.stepwise-actions { display: flex; gap: 0.5rem; margin-top: 0.5rem; }
.stepwise-approval-form textarea { display: block; width: 100%; margin: 0.25rem 0; font: inherit; }
.stepwise-button { font: inherit; padding: 0.35rem 0.9rem; border-radius: var(--_radius); border: 1px solid var(--_border); background: transparent; color: inherit; cursor: pointer; }
.stepwise-button:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
.stepwise-button:disabled { opacity: 0.6; cursor: not-allowed; }
.stepwise-approve { background: var(--_accent); border-color: var(--_accent); color: #fff; }
.stepwise-context-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem; padding: 0.4rem 0.75rem; border-bottom: 1px solid var(--_border); font-size: 0.875rem; }
.stepwise-context-title { font-weight: 600; }
.stepwise-dots { display: flex; gap: 0.25rem; list-style: none; margin: 0; padding: 0; }
.stepwise-dot { width: 1.1rem; text-align: center; color: var(--_muted); }
.stepwise-dot[data-status='completed'] { color: var(--_success); }
.stepwise-dot[data-status='running'] { color: var(--_accent); }
.stepwise-dot[data-status='waiting'] { color: var(--_warning); }
.stepwise-dot[data-status='failed'] { color: var(--_danger); }
.stepwise-link { color: var(--_accent); }
.stepwise-visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.stepwise-delivery-log { border-collapse: collapse; width: 100%; font-size: 0.875rem; }
.stepwise-delivery-log caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
.stepwise-delivery-log :is(th, td) { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--_border); }
.stepwise-delivery-log tr[data-outcome='error'] td:nth-child(2), .stepwise-delivery-log tr[data-outcome='invalid_signature'] td:nth-child(2) { color: var(--_danger); }
.stepwise-trigger-card[data-enabled='false'] { opacity: 0.75; }
@media (prefers-reduced-motion: no-preference) {
  .stepwise-step-container[aria-busy='true'] .stepwise-status-icon { display: inline-block; animation: stepwise-pulse 1.2s ease-in-out infinite; }
  @keyframes stepwise-pulse { 50% { opacity: 0.3; } }
}
`

/** Props of {@link StepwiseStyles}. */
export interface StepwiseStylesProps {
  /** A CSP nonce for the `<style>` element. */
  nonce?: string
}

/** Renders {@link stepwiseStyles} in a `<style>` element; render it once, anywhere in the tree. */
export function StepwiseStyles({ nonce }: StepwiseStylesProps): ReactNode {
  return <style nonce={nonce}>{stepwiseStyles}</style>
}

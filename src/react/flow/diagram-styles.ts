/**
 * @module
 * The diagram's default stylesheet: plain, readable, every colour a CSS variable, every rule
 * wrapped in `:where()` (zero specificity) so any host rule wins. Statuses never rely on
 * colour: each has a glyph and a text.
 */

/** Default CSS of `.stepwise-flow` (injected unless `unstyled`). */
export const DIAGRAM_CSS = `
:where(.stepwise-flow) {
  --stepwise-flow-font: inherit;
  --stepwise-flow-text: #1f2328;
  --stepwise-flow-muted: #59636e;
  --stepwise-flow-node-bg: #ffffff;
  --stepwise-flow-container-bg: rgba(127, 127, 127, 0.06);
  --stepwise-flow-border: #d0d7de;
  --stepwise-flow-focus: #0969da;
  --stepwise-flow-selected: #0969da;
  --stepwise-flow-error: #cf222e;
  --stepwise-flow-warning: #9a6700;
  --stepwise-flow-radius: 8px;
  --stepwise-flow-category-ai: #8250df;
  --stepwise-flow-category-action: #0969da;
  --stepwise-flow-category-control: #59636e;
  --stepwise-flow-category-human: #bf8700;
  --stepwise-flow-category-data: #1a7f37;
  --stepwise-flow-category-unknown: #6e7781;
  --stepwise-flow-status-completed: #1a7f37;
  --stepwise-flow-status-failed: #cf222e;
  --stepwise-flow-status-running: #0969da;
  --stepwise-flow-status-waiting: #9a6700;
  --stepwise-flow-status-other: #59636e;
  position: relative;
  font-family: var(--stepwise-flow-font);
  color: var(--stepwise-flow-text);
}
:where(.stepwise-flow) :where(.react-flow__handle) { opacity: 0; pointer-events: none; }
:where(.stepwise-flow__node) {
  --stepwise-flow-category: var(--stepwise-flow-category-unknown);
  box-sizing: border-box; width: 100%; height: 100%; font-size: 12px; line-height: 16px; text-align: left;
  background: var(--stepwise-flow-node-bg); border: 1px solid var(--stepwise-flow-border);
  border-left: 4px solid var(--stepwise-flow-category); border-radius: var(--stepwise-flow-radius);
}
:where(.stepwise-flow__node[data-category="ai"]) { --stepwise-flow-category: var(--stepwise-flow-category-ai); }
:where(.stepwise-flow__node[data-category="action"]) { --stepwise-flow-category: var(--stepwise-flow-category-action); }
:where(.stepwise-flow__node[data-category="control"]) { --stepwise-flow-category: var(--stepwise-flow-category-control); }
:where(.stepwise-flow__node[data-category="human"]) { --stepwise-flow-category: var(--stepwise-flow-category-human); }
:where(.stepwise-flow__node[data-category="data"]) { --stepwise-flow-category: var(--stepwise-flow-category-data); }
:where(.stepwise-flow__node--container) { background: var(--stepwise-flow-container-bg); border-style: dashed; border-left-style: solid; }
:where(.stepwise-flow__node[data-selected]) { box-shadow: 0 0 0 2px var(--stepwise-flow-selected); }
:where(.stepwise-flow__node[data-invalid]), :where(.stepwise-flow__terminal[data-invalid]) { border-color: var(--stepwise-flow-error); }
:where(.stepwise-flow__card) { box-sizing: border-box; position: relative; display: flex; flex-direction: column; padding: 10px; }
:where(.stepwise-flow__node-main) {
  all: unset; box-sizing: border-box; display: flex; flex-direction: column; width: 100%; cursor: pointer;
}
:where(.stepwise-flow__type, .stepwise-flow__title, .stepwise-flow__summary, .stepwise-flow__condition, .stepwise-flow__issue) {
  display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
:where(.stepwise-flow__type) { color: var(--stepwise-flow-muted); font-size: 11px; }
:where(.stepwise-flow__title) { font-weight: 600; font-size: 13px; line-height: 18px; }
:where(.stepwise-flow__summary, .stepwise-flow__condition) { color: var(--stepwise-flow-muted); }
:where(.stepwise-flow__status) {
  --stepwise-flow-status: var(--stepwise-flow-status-other);
  display: inline-flex; gap: 4px; margin-top: 6px; font-weight: 600; color: var(--stepwise-flow-status);
}
:where(.stepwise-flow__status[data-status="completed"]) { --stepwise-flow-status: var(--stepwise-flow-status-completed); }
:where(.stepwise-flow__status[data-status="failed"]) { --stepwise-flow-status: var(--stepwise-flow-status-failed); }
:where(.stepwise-flow__status[data-status="running"]) { --stepwise-flow-status: var(--stepwise-flow-status-running); }
:where(.stepwise-flow__status[data-status="waiting"]) { --stepwise-flow-status: var(--stepwise-flow-status-waiting); }
:where(.stepwise-flow__iteration) { display: flex; gap: 6px; align-items: center; margin-top: 6px; }
:where(.stepwise-flow__iteration-select) { font: inherit; min-width: 0; flex: 1; }
:where(.stepwise-flow__issues) { list-style: none; margin: 4px 0 0; padding: 0; }
:where(.stepwise-flow__issue) { color: var(--stepwise-flow-error); }
:where(.stepwise-flow__issue[data-severity="warning"]) { color: var(--stepwise-flow-warning); }
:where(.stepwise-flow__actions) { position: relative; display: flex; gap: 4px; margin-top: 8px; }
:where(.stepwise-flow__action, .stepwise-flow__menu-item) {
  font: inherit; font-size: 11px; line-height: 16px; padding: 2px 6px; cursor: pointer; color: inherit;
  background: var(--stepwise-flow-node-bg); border: 1px solid var(--stepwise-flow-border); border-radius: 4px;
}
:where(.stepwise-flow__action[aria-disabled="true"]) { opacity: 0.5; cursor: not-allowed; }
:where(.stepwise-flow__menu) {
  position: absolute; top: 100%; left: 0; z-index: 10; display: grid; grid-template-columns: 1fr 1fr; gap: 4px;
  width: 240px; margin-top: 4px; padding: 6px; background: var(--stepwise-flow-node-bg);
  border: 1px solid var(--stepwise-flow-border); border-radius: var(--stepwise-flow-radius); box-shadow: 0 4px 12px rgba(0, 0, 0, 0.15);
}
:where(.stepwise-flow__menu-item) { text-align: left; }
:where(.stepwise-flow__node-main:focus-visible, .stepwise-flow__action:focus-visible, .stepwise-flow__menu-item:focus-visible, .stepwise-flow__iteration-select:focus-visible) {
  outline: 2px solid var(--stepwise-flow-focus); outline-offset: 2px;
}
:where(.stepwise-flow__terminal) {
  box-sizing: border-box; width: 100%; height: 100%; display: flex; flex-direction: column; align-items: center; justify-content: center;
  padding: 8px; font-size: 12px; font-weight: 600; background: var(--stepwise-flow-node-bg);
  border: 1px solid var(--stepwise-flow-border); border-radius: 20px;
}
:where(.stepwise-flow__join) {
  box-sizing: border-box; width: 100%; height: 100%; border-radius: 50%;
  background: var(--stepwise-flow-node-bg); border: 2px solid var(--stepwise-flow-border);
}
`

/**
 * @module
 * Edit-mode actions of a node (insert after, add to a block, delete) and the menu of step
 * types an insert button opens. All are buttons; Escape closes the menu and returns focus.
 */
import { useEffect, useRef, type ReactElement } from 'react'
import type { DiagramStepInfo } from './build-diagram-graph.js'
import { useDiagramController } from './diagram-controller.js'
import type { DeleteCheck, StepInsertTarget } from './edit-workflow.js'

/** One insert button: its key, text, accessible name and target. */
interface InsertButton {
  key: string
  text: string
  label: string
  target: StepInsertTarget
}

/** The insert buttons of a step node. */
function insertButtons(info: DiagramStepInfo, title: string): InsertButton[] {
  const buttons: InsertButton[] = [{ key: 'after', text: '+ After', label: `Insert a step after ${title}`, target: { kind: 'after', pointer: info.pointer } }]
  for (const block of info.blocks) {
    const text = info.layout === 'branches' ? '+ Branch' : `+ ${block.label}`
    const label = info.layout === 'branches' ? `Add a branch to ${title}` : `Add a step to the ${block.label} of ${title}`
    buttons.push({ key: `block:${block.name}`, text, label, target: { kind: 'block', pointer: info.pointer, block: block.name } })
  }
  return buttons
}

/** The menu of insertable step types. */
function InsertMenu({ label, onChoose, onClose }: { label: string; onChoose(type: string): void; onClose(): void }): ReactElement {
  const controller = useDiagramController()
  const first = useRef<HTMLButtonElement>(null)
  useEffect(() => first.current?.focus(), [])
  return (
    <div
      className="stepwise-flow__menu nodrag nopan nowheel"
      role="group"
      aria-label={label}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        event.stopPropagation()
        onClose()
      }}
    >
      {controller.insertable.map((option, index) => (
        <button key={option.type} type="button" className="stepwise-flow__menu-item" ref={index === 0 ? first : undefined} onClick={() => onChoose(option.type)}>
          {option.label}
        </button>
      ))}
      <button type="button" className="stepwise-flow__menu-item stepwise-flow__menu-cancel" onClick={onClose}>
        Cancel
      </button>
    </div>
  )
}

/** Props of {@link NodeActions}. */
export interface NodeActionsProps {
  /** The node. */
  nodeId: string
  /** Name of the step in labels (`"fetch" (Tool call)`), or `undefined` for the start node. */
  title?: string
  /** The step (absent on the start node). */
  info?: DiagramStepInfo
  /** Whether the step may be deleted. */
  deletable?: DeleteCheck
}

/** The edit actions row of a node, with its insert menu when open. */
export function NodeActions({ nodeId, title, info, deletable }: NodeActionsProps): ReactElement {
  const controller = useDiagramController()
  const triggers = useRef(new Map<string, HTMLButtonElement>())
  const buttons: InsertButton[] = info === undefined || title === undefined ? [{ key: 'start', text: '+ Step', label: 'Insert a step at the start', target: { kind: 'start' } }] : insertButtons(info, title)
  const open = controller.menu?.nodeId === nodeId ? buttons.find((button) => button.key === controller.menu?.key) : undefined
  const close = (): void => {
    const key = open?.key
    controller.setMenu(undefined)
    if (key !== undefined) triggers.current.get(key)?.focus()
  }
  return (
    <div className="stepwise-flow__actions nodrag nopan" role="group" aria-label={title === undefined ? 'Edit' : `Edit ${title}`}>
      {buttons.map((button) => (
        <button
          key={button.key}
          type="button"
          className="stepwise-flow__action"
          data-stepwise-focus={button.key === 'start' ? '' : undefined}
          aria-label={button.label}
          aria-expanded={open?.key === button.key}
          ref={(element) => {
            if (element === null) triggers.current.delete(button.key)
            else triggers.current.set(button.key, element)
          }}
          onClick={() => controller.setMenu(open?.key === button.key ? undefined : { nodeId, key: button.key, target: button.target })}
        >
          {button.text}
        </button>
      ))}
      {info !== undefined && deletable !== undefined ? (
        <button
          type="button"
          className="stepwise-flow__action stepwise-flow__action--delete"
          aria-label={deletable.ok ? `Delete ${title}` : `Delete ${title} (not possible: ${deletable.reason})`}
          aria-disabled={!deletable.ok}
          title={deletable.ok ? undefined : deletable.reason}
          onClick={() => {
            if (deletable.ok) controller.remove(nodeId)
          }}
        >
          Delete
        </button>
      ) : null}
      {open === undefined ? null : <InsertMenu label={`${open.label}: choose a step type`} onChoose={(type) => controller.insert(open.target, type)} onClose={close} />}
    </div>
  )
}

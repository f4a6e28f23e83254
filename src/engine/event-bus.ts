import type { StepwiseEvent, StepwiseEventType, TriggerDeliveryEvent } from './events.js'

/** Listener of live events. */
export type EventListener = (event: StepwiseEvent, tenantId: string) => void

/** Listener of trigger-level events. */
export type TriggerEventListener = (event: TriggerDeliveryEvent, tenantId: string) => void

/**
 * In-process fan-out of committed events: per execution (for `engine.events`) and per type (for
 * `engine.on`). Listener errors are swallowed so a host hook can never break an execution.
 */
export class EventBus {
  #byExecution = new Map<string, Set<EventListener>>()
  #byType = new Map<string, Set<EventListener>>()
  #any = new Set<EventListener>()
  #triggers = new Set<TriggerEventListener>()

  /** Delivers a committed event. */
  publish(tenantId: string, event: StepwiseEvent): void {
    // Every event of every step passes here: with no listener of a kind, nothing is looked up.
    if (this.#byExecution.size > 0) {
      const execution = this.#byExecution.get(`${tenantId}\u0000${event.executionId}`)
      if (execution !== undefined) for (const listener of execution) safeCall(listener, event, tenantId)
    }
    if (this.#byType.size > 0) {
      const typed = this.#byType.get(event.type)
      if (typed !== undefined) for (const listener of typed) safeCall(listener, event, tenantId)
    }
    if (this.#any.size > 0) for (const listener of this.#any) safeCall(listener, event, tenantId)
  }

  /** Delivers a trigger-level event (a separate channel: it has no execution or `seq`). */
  publishTrigger(tenantId: string, event: TriggerDeliveryEvent): void {
    for (const listener of this.#triggers) {
      try {
        listener(event, tenantId)
      } catch {
        // A listener's error must never reach the dispatcher.
      }
    }
  }

  /** Subscribes to `trigger.delivery` events of every tenant. */
  onTriggerDelivery(listener: TriggerEventListener): () => void {
    this.#triggers.add(listener)
    return () => this.#triggers.delete(listener)
  }

  /** Whether anyone listens for this type (lets the engine skip work). */
  hasTypeListeners(): boolean {
    return this.#byType.size > 0 || this.#any.size > 0
  }

  /** Subscribes to one execution's events. */
  onExecution(tenantId: string, executionId: string, listener: EventListener): () => void {
    return add(this.#byExecution, `${tenantId}\u0000${executionId}`, listener)
  }

  /** Subscribes to one type, or to every event with `'*'`. */
  onType(type: StepwiseEventType | '*', listener: EventListener): () => void {
    if (type === '*') {
      this.#any.add(listener)
      return () => this.#any.delete(listener)
    }
    return add(this.#byType, type, listener)
  }
}

function add(map: Map<string, Set<EventListener>>, key: string, listener: EventListener): () => void {
  let set = map.get(key)
  if (set === undefined) {
    set = new Set()
    map.set(key, set)
  }
  set.add(listener)
  return () => {
    const current = map.get(key)
    if (current === undefined) return
    current.delete(listener)
    if (current.size === 0) map.delete(key)
  }
}

function safeCall(listener: EventListener, event: StepwiseEvent, tenantId: string): void {
  try {
    listener(event, tenantId)
  } catch {
    // A listener's error must never reach the engine.
  }
}

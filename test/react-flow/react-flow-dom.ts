// What React Flow needs from a browser that jsdom lacks (after React Flow's testing guide):
// a ResizeObserver that reports right after observe(), DOMMatrixReadOnly, element sizes, and SVG getBBox.

class ResizeObserverStub {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    // Asynchronous, like a browser: React Flow's store knows its DOM node only after the
    // nodes' first effects have run.
    setTimeout(() => this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver), 0)
  }
  unobserve(): void {}
  disconnect(): void {}
}

class DOMMatrixReadOnlyStub {
  readonly m22: number
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([1-9.])\)/)?.[1]
    this.m22 = scale === undefined ? 1 : Number(scale)
  }
}

/** Installs the stubs (once). */
export function installReactFlowDomStubs(): void {
  const scope = globalThis as Record<string, unknown>
  if (scope.ResizeObserver === undefined) scope.ResizeObserver = ResizeObserverStub
  if (scope.DOMMatrixReadOnly === undefined) scope.DOMMatrixReadOnly = DOMMatrixReadOnlyStub
  Object.defineProperties(HTMLElement.prototype, {
    offsetHeight: { configurable: true, get(this: HTMLElement) { return Number.parseFloat(this.style.height) || 1 } },
    offsetWidth: { configurable: true, get(this: HTMLElement) { return Number.parseFloat(this.style.width) || 1 } },
  })
  ;(SVGElement.prototype as unknown as { getBBox(): DOMRect }).getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 }) as DOMRect
}

/**
 * @module
 * `useHashRoute`: the studio's pages, addressed by the URL hash (`#/workflows/<id>` …), so the
 * server serves one page and the browser's back button works.
 */
import { useEffect, useState } from 'react'

/** A page of the studio. */
export type Route =
  | { page: 'home' }
  | { page: 'draft' }
  | { page: 'workflow'; id: string }
  | { page: 'executions' }
  | { page: 'execution'; id: string }
  | { page: 'triggers' }

/** The hash of a route, for links. */
export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'workflow':
      return `#/workflows/${encodeURIComponent(route.id)}`
    case 'execution':
      return `#/executions/${encodeURIComponent(route.id)}`
    case 'home':
      return '#/'
    default:
      return `#/${route.page}`
  }
}

/** Reads a route from a hash; unknown hashes are the home page. */
export function parseRoute(hash: string): Route {
  const [first, second] = hash.replace(/^#\/?/, '').split('/').map((part) => decodeURIComponent(part))
  if (first === 'workflows' && second) return { page: 'workflow', id: second }
  if (first === 'executions' && second) return { page: 'execution', id: second }
  if (first === 'executions') return { page: 'executions' }
  if (first === 'triggers') return { page: 'triggers' }
  if (first === 'draft') return { page: 'draft' }
  return { page: 'home' }
}

/** Goes to a route (adds a history entry). */
export function navigate(route: Route): void {
  window.location.hash = hrefOf(route)
}

/** The current route, following hash changes. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const update = (): void => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', update)
    return () => window.removeEventListener('hashchange', update)
  }, [])
  return route
}

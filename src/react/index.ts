/**
 * @module
 * Placeholder: filled in by the HTTP/React work (issue 7).
 */
export {}

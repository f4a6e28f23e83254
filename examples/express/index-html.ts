/**
 * @module
 * The studio's one HTML page: the bundle, and the server's settings the UI shows.
 */
import type { StudioConfig } from './client/app.js'

/** JSON safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

/** The page. */
export function indexHtml(config: StudioConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>stepwise studio</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/studio.css">
<script type="application/json" id="studio-config">${scriptJson(config)}</script>
<script type="module" src="/studio.js"></script>
</head>
<body>
<div id="root"></div>
<noscript>The studio needs JavaScript.</noscript>
</body>
</html>
`
}

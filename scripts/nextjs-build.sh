#!/usr/bin/env bash
# Builds examples/nextjs (`next build`) against this checkout: builds the library's dist/, installs
# the example's dependencies (stepwise as a copy of the packed repository, see its .npmrc) and runs
# `next build`, which also type-checks the example. Used by .ci/run; `npm run example:nextjs:build`.
# SKIP_LIB_BUILD=1 reuses an existing dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
if [[ "${SKIP_LIB_BUILD:-}" != 1 || ! -f dist/index.js ]]; then npm run build --silent >/dev/null; fi
cd examples/nextjs
# npm keeps an installed copy of a file: dependency whose version did not change; drop it so the
# example always builds against the dist/ just built.
rm -rf node_modules/stepwise
npm install --no-audit --no-fund
npx next build

/**
 * The studio's browser entry: the `stepwise/http` client, the provider of `stepwise/react`, and
 * the app. Bundled by `../bundle-client.ts`. In your own app the imports below are
 * `stepwise/http`, `stepwise/react` and `stepwise/react/flow`.
 */
import '@xyflow/react/dist/style.css'
import './studio.css'
import { createRoot } from 'react-dom/client'
import { createClient } from '../../../src/http/index.js'
import { StepwiseProvider, StepwiseStyles } from '../../../src/react/index.js'
import { App, type StudioConfig } from './app.js'

function readConfig(): StudioConfig {
  const text = document.getElementById('studio-config')?.textContent ?? '{}'
  const parsed = JSON.parse(text) as Partial<StudioConfig>
  return { modelLabel: parsed.modelLabel ?? 'unknown model', demoModel: parsed.demoModel === true }
}

const client = createClient({ baseUrl: '/api' })
const root = document.getElementById('root')
if (root === null) throw new Error('The page has no #root element.')
createRoot(root).render(
  <StepwiseProvider client={client}>
    <StepwiseStyles />
    <App config={readConfig()} />
  </StepwiseProvider>,
)

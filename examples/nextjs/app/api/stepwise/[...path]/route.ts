// Every route of the stepwise HTTP API (REST and the SSE event streams) under /api/stepwise.
import { handleStepwise } from '@/lib/stepwise'

export const GET = handleStepwise
export const POST = handleStepwise
export const PUT = handleStepwise
export const DELETE = handleStepwise

// Node.js runtime (the engine uses node: modules), and never cached: answers are per caller and
// the event streams are live.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

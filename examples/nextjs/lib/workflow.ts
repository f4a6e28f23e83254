import type { Workflow } from 'stepwise'

/**
 * The sample workflow: a model drafts release notes (streamed), a person approves them, a tool
 * publishes them and a notifier announces the link. Plain data, so the server component can hand
 * it to the client component for the progress bar and the diagram.
 */
export const releaseNotes = {
  id: 'release-notes',
  name: 'Release notes',
  variables: { repo: { type: 'string', default: 'acme/rocket', description: 'owner/name' } },
  steps: [
    { id: 'draft', name: 'Draft the notes', type: 'agent_prompt', prompt: 'Write short release notes for {{variables.repo}}.' },
    { id: 'review', name: 'Review', type: 'approval', prompt: 'Publish these release notes for {{variables.repo}}?\n\n{{outputs.draft}}' },
    { id: 'publish', name: 'Publish', type: 'tool', tool: 'publishNotes', arguments: { repo: '{{variables.repo}}', notes: '{{outputs.draft}}' } },
    { id: 'announce', name: 'Announce', type: 'notify', content: 'Release notes for {{variables.repo}} are out: {{outputs.publish.url}}' },
  ],
} satisfies Workflow

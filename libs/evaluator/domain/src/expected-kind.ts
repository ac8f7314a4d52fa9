import type { TaskOutputKind } from '@agora/contracts';

/** The output kind each shipped capability must produce (see @agora/contracts task payloads). */
const expectedKinds: Readonly<Record<string, TaskOutputKind>> = {
  gather: 'sources',
  analyze: 'analysis',
  validate: 'validation',
  report: 'report',
  plan: 'text',
  write: 'text',
  edit: 'text',
  review: 'review',
  classify: 'classification',
  retrieve: 'sources',
  respond: 'text',
  escalate: 'escalation',
  detect: 'shell',
  diagnose: 'text',
  remediate: 'shell',
  verify: 'shell',
};

/** Every output kind there is. */
export const outputKinds: readonly TaskOutputKind[] = [
  'sources',
  'analysis',
  'validation',
  'report',
  'text',
  'review',
  'classification',
  'escalation',
  'shell',
  'http',
];

/** The kind a capability must produce; undefined for a capability outside the shipped workflows. */
export function expectedKind(capability: string): TaskOutputKind | undefined {
  return Object.hasOwn(expectedKinds, capability) ? expectedKinds[capability] : undefined;
}

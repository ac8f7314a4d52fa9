import type { TaskOutputKind } from './built-in-kinds';

/**
 * The built-in capabilities: what the shipped workflows ask for and the shipped skills serve,
 * with the output kind each produces. A capability is only a name an agent declares: any other
 * name works as soon as some agent declares it and the workflow step says which kind it outputs.
 */
export const builtInCapabilities = {
  gather: { workflow: 'research', output: 'sources', does: 'searches memory for sources' },
  analyze: { workflow: 'research', output: 'analysis', does: 'extracts cited key points' },
  validate: { workflow: 'research', output: 'validation', does: 'checks claims against sources' },
  report: { workflow: 'research', output: 'report', does: 'writes a cited Markdown report' },
  plan: { workflow: 'content', output: 'text', does: 'outlines a piece of writing' },
  write: { workflow: 'content', output: 'text', does: 'drafts from the outline' },
  edit: { workflow: 'content', output: 'text', does: 'edits a draft' },
  review: { workflow: 'content', output: 'review', does: 'approves or rejects with comments' },
  classify: { workflow: 'support', output: 'classification', does: 'labels a request' },
  retrieve: { workflow: 'support', output: 'sources', does: 'finds knowledge for an answer' },
  respond: { workflow: 'support', output: 'text', does: 'answers the customer' },
  escalate: { workflow: 'support', output: 'escalation', does: 'hands over to a person' },
  detect: { workflow: 'devops', output: 'shell', does: 'runs an allow-listed check' },
  diagnose: { workflow: 'devops', output: 'text', does: 'diagnoses from command output' },
  remediate: { workflow: 'devops', output: 'shell', does: 'runs an allow-listed fix' },
  verify: { workflow: 'devops', output: 'shell', does: 'runs an allow-listed check again' },
} as const satisfies Record<string, { workflow: string; output: TaskOutputKind; does: string }>;

export type BuiltInCapability = keyof typeof builtInCapabilities;

/**
 * Capabilities the planner serves itself: a step naming one is never auctioned, so no agent
 * declares it and no skill serves it (which is why they are kept apart from
 * {@link builtInCapabilities}, whose every entry an executor skill serves). `approval` waits for
 * a person's decision (`agora approve|reject`) and outputs it as a review.
 */
export const plannerCapabilities = {
  approval: { workflow: 'human', output: 'review', does: "waits for a person's approval" },
} as const satisfies Record<string, { workflow: string; output: TaskOutputKind; does: string }>;

export type PlannerCapability = keyof typeof plannerCapabilities;

/** Whether a step with this capability is handled by the planner rather than auctioned. */
export function isPlannerCapability(capability: string): capability is PlannerCapability {
  return Object.hasOwn(plannerCapabilities, capability);
}

/** Built-in capabilities grouped by the shipped workflow that uses them. */
export const capabilities = {
  research: ['gather', 'analyze', 'validate', 'report'],
  content: ['plan', 'write', 'edit', 'review'],
  support: ['classify', 'retrieve', 'respond', 'escalate'],
  devops: ['detect', 'diagnose', 'remediate', 'verify'],
} as const satisfies Record<string, readonly BuiltInCapability[]>;

/** @deprecated Capabilities are open names; use string, or BuiltInCapability for the shipped ones. */
export type Capability = BuiltInCapability;

/** A capability name: lower-case words joined by dashes or dots (`translate`, `web.search`). */
export const capabilityNamePattern = /^[a-z][a-z0-9]*([.-][a-z0-9]+)*$/;

/** The output kind a built-in capability produces; undefined for any other capability. */
export function builtInOutputKind(capability: string): TaskOutputKind | undefined {
  if (isPlannerCapability(capability)) return plannerCapabilities[capability].output;
  return Object.hasOwn(builtInCapabilities, capability)
    ? builtInCapabilities[capability as BuiltInCapability].output
    : undefined;
}

import type { CliEnv } from '../cli-config';
import { httpJson } from '../connect';

/** GET /workflows as the planner serves it. */
export interface WorkflowItem {
  name: string;
  description: string;
  steps: { name: string; capability: string; dependsOn: string[] }[];
}

/**
 * The workflows a planner plans with, each with its steps in order: `name [capability] ← deps`.
 * Pure, for tests.
 */
export function renderWorkflows(items: readonly WorkflowItem[]): string[] {
  if (items.length === 0) return ['the planner has no workflows'];
  return items.flatMap((w, i) => [
    ...(i > 0 ? [''] : []),
    `${w.name}  ${w.description}`,
    ...w.steps.map(
      (s) =>
        `  ${s.name} [${s.capability}]${s.dependsOn.length > 0 ? ` ← ${s.dependsOn.join(', ')}` : ''}`,
    ),
  ]);
}

/** `agora workflows`: what goals may name, from the planner's live catalog. */
export async function workflowsCommand(env: CliEnv): Promise<number> {
  const { items } = await httpJson<{ items: WorkflowItem[] }>(
    'planner',
    `${env.PLANNER_URL}/workflows`,
  );
  console.log(renderWorkflows(items).join('\n'));
  return 0;
}

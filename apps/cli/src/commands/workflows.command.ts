import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliError, type CliEnv } from '../cli-config';
import { httpJson, userHeader } from '../connect';

/** GET /workflows as the planner serves it. */
export interface WorkflowItem {
  name: string;
  description: string;
  /** `default` (shipped, or PLANNER_WORKFLOWS_DIR) or `registered`; absent from older planners. */
  origin?: string;
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
    `${w.name}${w.origin === 'registered' ? ' (registered)' : ''}  ${w.description}`,
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

/**
 * A workflow or plan file as a request body: JSON files as they are, anything else as YAML
 * (which the planner reads, reporting lines). Pure but for reading the file.
 */
export function workflowFile(file: string): { body: string; contentType: string } {
  let body: string;
  try {
    body = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const json = extname(file).toLowerCase() === '.json';
  return { body, contentType: json ? 'application/json' : 'application/yaml' };
}

/** `agora workflows add <file>`: registers a workflow for every planner replica. */
export async function workflowsAddCommand(env: CliEnv, file: string): Promise<number> {
  const { body, contentType } = workflowFile(file);
  const stored = await httpJson<WorkflowItem & { steps: { maxAttempts?: number }[] }>(
    'planner',
    `${env.PLANNER_URL}/workflows`,
    { method: 'POST', body, headers: { 'content-type': contentType, ...userHeader() } },
  );
  console.log(`registered workflow ${stored.name}; goals may name it now`);
  console.log(renderWorkflows([stored]).join('\n'));
  return 0;
}

/** `agora workflows remove <name>`: removes a registered workflow from every planner replica. */
export async function workflowsRemoveCommand(env: CliEnv, name: string): Promise<number> {
  await httpJson<undefined>('planner', `${env.PLANNER_URL}/workflows/${encodeURIComponent(name)}`, {
    method: 'DELETE',
    headers: userHeader(),
  });
  console.log(`removed workflow ${name}`);
  return 0;
}

/**
 * A goal's own plan from a file (YAML or JSON: `steps`, and optionally `description`), as the
 * JSON text GoalSubmitted.plan carries. The planner validates the steps.
 */
export function readPlan(file: string): string {
  const { body } = workflowFile(file);
  let plan: unknown;
  try {
    plan = parseYaml(body);
  } catch (error) {
    throw new CliError(
      `${file} is not valid YAML or JSON: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  if (
    typeof plan !== 'object' ||
    plan === null ||
    !Array.isArray((plan as { steps?: unknown }).steps)
  ) {
    throw new CliError(`${file}: expected a plan with steps (steps: [...])`);
  }
  return JSON.stringify(plan);
}

import { capabilities } from '@agora/contracts';
import {
  DEFAULT_MAX_ATTEMPTS,
  validateWorkflow,
  WorkflowValidationError,
  type WorkflowDefinition,
} from '../workflow/workflow-definition';
import type { DecompositionRequest } from './goal-decomposer';

/** What a model is told and asked when it plans a goal. */
export interface PlanningPrompt {
  system: string;
  prompt: string;
}

const workflowShape = JSON.stringify(
  {
    name: 'lower-case-name',
    description: 'one sentence',
    steps: [
      {
        name: 'step-name',
        capability: 'one capability from the list',
        dependsOn: ['names of earlier steps whose output this step needs'],
        params: {},
        maxAttempts: DEFAULT_MAX_ATTEMPTS,
      },
    ],
  },
  null,
  2,
);

/**
 * The prompt that asks a model for a goal's task graph: the goal, its inputs, the capabilities
 * agents offer, the commands live agents allow and the JSON shape of a workflow, answered as JSON
 * only.
 */
export function planningPrompt(
  request: Pick<DecompositionRequest, 'goal' | 'inputs' | 'allowedCommands'>,
): PlanningPrompt {
  const commands = request.allowedCommands ?? [];
  const vocabulary = Object.entries(capabilities)
    .map(([family, names]) => `- ${family}: ${names.join(', ')}`)
    .join('\n');
  const system = [
    'You plan work for a team of agents. Break the goal into a small task graph (2 to 8 steps).',
    'Each step uses exactly one capability from this list:',
    vocabulary,
    'Answer with one JSON object of this shape and nothing else (no prose, no Markdown):',
    workflowShape,
    'Rules: step names are lower-case letters, digits and dashes, unique, starting with a letter;',
    'dependsOn lists only names of other steps and must not form a cycle; maxAttempts is 1 to 10;',
    commands.length > 0
      ? `params.command, when given, is one of: ${commands.join(', ')}.`
      : 'Give no params.command: no agent runs commands now.',
  ].join('\n');
  const inputs = Object.entries(request.inputs);
  const prompt = [
    `Goal: ${request.goal}`,
    inputs.length > 0
      ? `Inputs:\n${inputs.map(([key, value]) => `- ${key}: ${value}`).join('\n')}`
      : 'Inputs: none',
    'The plan as JSON:',
  ].join('\n\n');
  return { system, prompt };
}

/**
 * The JSON value in a model's answer: the body of a ```json fence, or the text
 * from its first `{` to its last `}` (models often wrap JSON in a sentence).
 */
export function extractJson(text: string, source: string): unknown {
  const fenced = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(text);
  const candidates: string[] = [];
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  let problem = 'no JSON object in the answer';
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch (error) {
      problem = `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  throw new WorkflowValidationError(source, problem);
}

/** A model's answer as a validated workflow, with the same rules as the workflow files. */
export function parseModelPlan(text: string, source: string): WorkflowDefinition {
  return validateWorkflow(extractJson(text, source), source);
}

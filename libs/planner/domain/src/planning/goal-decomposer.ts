import type { PlanSource } from '../goal/goal-records';
import { allowedCommandsOf, checkCommands, type AgentAllowance } from './command-check';
import type { WorkflowCatalog } from '../workflow/workflow-catalog';
import {
  validateWorkflow,
  WorkflowValidationError,
  type WorkflowDefinition,
} from '../workflow/workflow-definition';
import { parseInlinePlan, problemText } from '../workflow/workflow-sources';

/** What a decomposer is asked to plan. */
export interface DecompositionRequest {
  goalId: string;
  goal: string;
  inputs: Record<string, string>;
  /**
   * Told what planning consumed, as soon as it is known: an answer that is then unusable was
   * paid for all the same.
   */
  onUsage?: (usage: PlanningUsage) => void;
  /** Commands live agents allow in `params.command`, for a model to choose from. @default [] */
  allowedCommands?: readonly string[];
}

/** Tokens and money spent planning a goal; they count in the goal's usage and budget. */
export interface PlanningUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * Turns a goal into a workflow-shaped task graph. The answer is untrusted (a language model may
 * write it), so it is typed `unknown` and validated with the same rules as a workflow file.
 */
export interface GoalDecomposer {
  /** Name for logs and metrics, e.g. `workflow` or `anthropic/claude-…`. */
  readonly name: string;
  decompose(request: DecompositionRequest): Promise<unknown>;
}

/** The decomposer that needs no model: it returns a named workflow from the catalog. */
export class WorkflowDecomposer implements GoalDecomposer {
  readonly name = 'workflow';

  constructor(
    private readonly catalog: WorkflowCatalog,
    private readonly workflow: string,
  ) {}

  decompose(): Promise<unknown> {
    const definition = this.catalog.get(this.workflow);
    if (!definition)
      return Promise.reject(new UnplannableError(`unknown workflow '${this.workflow}'`));
    return Promise.resolve(definition);
  }
}

/** No plan can be made for a goal (for example, it names a workflow that does not exist). */
export class UnplannableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnplannableError';
  }
}

export interface PlanChoice {
  workflow: WorkflowDefinition;
  source: PlanSource;
  /** What asking the model cost, also when its plan was not used; none when no model was asked. */
  usage?: PlanningUsage;
}

export interface ChoosePlanOptions {
  catalog: WorkflowCatalog;
  /**
   * Workflow used when the goal names none and no model is configured, or the model fails.
   * Without one, such a goal is unplannable: running a workflow nobody asked for (a research
   * report for "plan a team offsite") would only look like an answer.
   */
  defaultWorkflow?: string | undefined;
  /** The model-backed decomposer, when one is configured. */
  model?: GoalDecomposer;
  /** Told why the model's plan was not used, before falling back to the default workflow. */
  onFallback?: (reason: string, error: unknown) => void;
  /**
   * The live agents' allow-lists (from their heartbeats): a plan asking for a command or URL
   * none of them would run is refused (see checkCommands).
   * @default undefined: plans are not checked against agents
   */
  agents?: readonly AgentAllowance[];
}

/** Why a goal that names no workflow cannot be planned when neither a model nor a default can. */
export function noPlanReason(catalog: WorkflowCatalog): string {
  return (
    `the goal names no workflow and no model is configured to plan it: name a workflow ` +
    `(${[...catalog.names].sort().join(', ')}), or configure a model (LLM_PROVIDER) or PLANNER_DEFAULT_WORKFLOW`
  );
}

/**
 * Chooses the plan of a goal: the plan it carries, or the workflow it names; else the model's
 * plan when a model is configured and its answer validates; else the default workflow. Every plan
 * is checked against the live agents' allow-lists when they are given (checkCommands): a carried
 * plan or a named workflow that fails is unplannable, a model's plan falls back like any other
 * unusable answer.
 */
export async function choosePlan(
  request: DecompositionRequest & { workflow: string | null; plan?: string | null },
  options: ChoosePlanOptions,
): Promise<PlanChoice> {
  const checked = (workflow: WorkflowDefinition, source: string): WorkflowDefinition => {
    if (options.agents) checkCommands(workflow, options.agents, source);
    return workflow;
  };
  const plan = request.plan ?? null;
  if (plan !== null) {
    if (request.workflow !== null) {
      throw new UnplannableError('the goal names a workflow and carries a plan: give one of them');
    }
    try {
      return { workflow: checked(parseInlinePlan(plan), 'plan'), source: 'inline' };
    } catch (error) {
      if (!(error instanceof WorkflowValidationError)) throw error;
      throw new UnplannableError(`the goal's plan is not valid: ${problemText(error)}`);
    }
  }
  const named = (name: string): PlanChoice => {
    const workflow = options.catalog.get(name);
    if (!workflow) {
      throw new UnplannableError(
        `unknown workflow '${name}'; known workflows: ${options.catalog.names.join(', ')}`,
      );
    }
    try {
      return { workflow: checked(workflow, name), source: 'workflow' };
    } catch (error) {
      if (error instanceof WorkflowValidationError) throw new UnplannableError(error.message);
      throw error;
    }
  };
  if (request.workflow !== null) return named(request.workflow);
  if (options.model) {
    let usage: PlanningUsage | undefined;
    const onUsage = (spent: PlanningUsage): void => {
      usage = {
        inputTokens: (usage?.inputTokens ?? 0) + spent.inputTokens,
        outputTokens: (usage?.outputTokens ?? 0) + spent.outputTokens,
        costUsd: (usage?.costUsd ?? 0) + spent.costUsd,
      };
      request.onUsage?.(spent);
    };
    const withUsage = (choice: PlanChoice): PlanChoice => (usage ? { ...choice, usage } : choice);
    try {
      const answer = await options.model.decompose({
        ...request,
        onUsage,
        allowedCommands: allowedCommandsOf(options.agents ?? []),
      });
      const source = `from ${options.model.name}`;
      return withUsage({
        workflow: checked(validateWorkflow(answer, source), source),
        source: 'model',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (options.defaultWorkflow === undefined) {
        throw new UnplannableError(
          `the plan from ${options.model.name} was unusable (${message}), and no default workflow is set (PLANNER_DEFAULT_WORKFLOW)`,
        );
      }
      options.onFallback?.(
        `the plan from ${options.model.name} was unusable (${message}); using workflow '${options.defaultWorkflow}'`,
        error,
      );
      return withUsage(named(options.defaultWorkflow));
    }
  }
  if (options.defaultWorkflow === undefined)
    throw new UnplannableError(noPlanReason(options.catalog));
  return named(options.defaultWorkflow);
}

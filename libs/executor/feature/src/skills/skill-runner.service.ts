import {
  InvalidVisibilityError,
  mayQuote,
  stricterVisibility,
  type TaskAwarded,
  type TaskInput,
  type TaskOutput,
  type Visibility,
} from '@agora/contracts';
import {
  checkCommand,
  checkUrl,
  InvalidTaskInputError,
  limitsOf,
  NotAllowedError,
  quoteLevelOf,
  splitToolEntries,
  toolsOf,
  type AgentDefinition,
  type SkillContext,
  type SkillDefinition,
  type SkillRegistry,
} from '@agora/executor/domain';
import { createLanguageModel, LanguageModelError, type LanguageModel } from '@agora/llm';
import { MemoryDocumentsClient } from '@agora/memory-client';
import { Inject, Injectable } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExecutorConfig } from '../executor-config';
import { AgentLoop } from '../agent-loop/agent-loop.service';
import { toolsFor, type AgentTool } from '../agent-loop/agent-tools';
import { askAgent } from '../agent-loop/ask-agent';
import { McpTools } from '../agent-loop/mcp-tools.service';
import { PlannerGoalsClient } from '../agent-loop/planner-goals.client';
import { EXECUTOR_CONFIG, EXECUTOR_SKILLS } from '../tokens';
import { httpGet } from './http.skill';
import { MemorySearchClient } from './memory-search.client';
import { runShell } from './shell.skill';
import { SkillError } from './skill-error';

const tracer = trace.getTracer('@agora/executor');

/** What a skill run produced, with the model usage it incurred. */
export interface SkillResult {
  output: TaskOutput;
  inputTokens: number;
  outputTokens: number;
  modelCostUsd: number;
  /** provider/model when a model was called. */
  model: string | null;
}

/**
 * Runs the registered skill that takes a task, inside a span, honouring the abort signal. The
 * skill reaches memory, the shell and HTTP only through the context built here, where the
 * executor's allow-lists and time-outs apply. A skill with a prompt is done by a model instead,
 * in the {@link AgentLoop}, when the agent has a model of its own or the executor has one and
 * the agent is allowed the tools the skill's model needs (`modelTools`).
 */
@Injectable()
export class SkillRunner {
  /** The executor-wide model (LLM_*), the default of every agent. */
  private readonly model: LanguageModel | undefined;
  /** Models of the agents that have their own, by agent id. */
  private readonly agentModels = new Map<string, LanguageModel>();
  private readonly agents: ReadonlyMap<string, AgentDefinition>;
  private readonly memoryDocuments: MemoryDocumentsClient | undefined;
  private readonly planner: PlannerGoalsClient | undefined;

  constructor(
    @Inject(EXECUTOR_CONFIG) private readonly config: ExecutorConfig,
    @Inject(EXECUTOR_SKILLS) private readonly skills: SkillRegistry,
    private readonly memory: MemorySearchClient,
    private readonly loop: AgentLoop,
    private readonly mcp: McpTools,
  ) {
    this.agents = new Map(config.agents.map((a) => [a.id, a]));
    for (const agent of config.agents) {
      if (agent.model) this.agentModels.set(agent.id, agentModel(agent, config));
    }
    this.memoryDocuments = config.MEMORY_URL
      ? new MemoryDocumentsClient(config.MEMORY_URL)
      : undefined;
    this.planner = config.PLANNER_URL ? new PlannerGoalsClient(config.PLANNER_URL) : undefined;
    this.model = createLanguageModel({
      provider: config.LLM_PROVIDER,
      model: config.LLM_MODEL,
      baseUrl: config.LLM_BASE_URL,
      apiKey: config.LLM_API_KEY,
      timeoutMs: config.LLM_TIMEOUT_MS,
      priceInputPer1k: config.LLM_PRICE_INPUT_PER_1K,
      priceOutputPer1k: config.LLM_PRICE_OUTPUT_PER_1K,
    });
  }

  async run(
    award: TaskAwarded,
    input: TaskInput,
    signal: AbortSignal,
    progress: SkillContext['progress'] = () => undefined,
    /** Receives a model-driven agent's text as its model produces it (see AgentLoopRequest.onText). */
    onText?: (text: string, turn: number) => void,
  ): Promise<SkillResult> {
    const skill = this.skills.forTask(award.capability, input);
    if (!skill) {
      throw new SkillError(`capability '${award.capability}' has no skill in this executor`, false);
    }
    return tracer.startActiveSpan(`skill ${skill.name}`, async (span) => {
      span.setAttributes({
        'agora.task.id': award.taskId,
        'agora.task.attempt': award.attempt,
        'agora.agent.id': award.agentId,
        'agora.capability': award.capability,
      });
      try {
        const result = await abortable(
          this.runSkill(skill, award, input, signal, progress, onText),
          signal,
        );
        span.setAttribute('agora.output.kind', result.output.kind);
        return result;
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw toSkillError(error);
      } finally {
        span.end();
      }
    });
  }

  private async runSkill(
    skill: SkillDefinition,
    award: TaskAwarded,
    input: TaskInput,
    signal: AbortSignal,
    progress: SkillContext['progress'],
    onText: ((text: string, turn: number) => void) | undefined,
  ): Promise<SkillResult> {
    const agent = this.agents.get(award.agentId);
    const maxVisibility = quoteLevel(agent, input);
    const ctx = this.contextFor(award, input, signal, progress, maxVisibility);
    const model = this.agentModels.get(award.agentId) ?? this.model;
    if (model && skill.prompt && mayUseModel(agent, skill)) {
      const result = await this.loop.run({
        model,
        system: [agent?.role, skill.prompt].filter(Boolean).join('\n\n'),
        skillName: skill.name,
        input,
        outputKind: input.outputKind ?? skill.output,
        tools: await this.toolsOf(agent, ctx),
        ctx,
        maxVisibility,
        limits: limitsOf(agent),
        temperature: agent?.temperature,
        award,
        onText,
      });
      return {
        output: result.output,
        inputTokens: result.inputTokens,
        outputTokens: result.outputTokens,
        modelCostUsd: result.costUsd,
        model: result.model,
      };
    }
    const output = await skill.run(input, ctx);
    return { output, inputTokens: 0, outputTokens: 0, modelCostUsd: 0, model: null };
  }

  /** The agent's tools: the built-in ones this context serves, then its MCP servers' tools. */
  private async toolsOf(
    agent: AgentDefinition | undefined,
    ctx: SkillContext,
  ): Promise<AgentTool[]> {
    const { builtIn, mcp } = splitToolEntries(agent ? toolsOf(agent) : ['memory_search']);
    return [...toolsFor(builtIn, ctx), ...(await this.mcp.toolsFor(mcp))];
  }

  /**
   * Memory, shell, HTTP and the planner for one task, bound to its agent, goal and abort signal.
   * Every memory search carries what the task may quote (`maxVisibility`), so memory itself
   * leaves out what the task may not repeat; whatever the task writes is at least as private as
   * what it read, and a sub-task it asks for may quote no more than it may.
   */
  private contextFor(
    award: TaskAwarded,
    input: TaskInput,
    signal: AbortSignal,
    progress: SkillContext['progress'],
    maxVisibility: Visibility,
  ): SkillContext {
    const config = this.config;
    const documents = this.memoryDocuments;
    const planner = this.planner;
    // The runner's time-out started just before this: the attempt is over by then at the latest.
    const attemptDeadlineAt = Date.now() + config.TASK_TIMEOUT_MS;
    return {
      agentId: award.agentId,
      signal,
      progress,
      searchMemory: ({ query, k, kinds, itemIds, maxVisibility: narrower, minScore }) =>
        this.memory.search(
          {
            requester: award.agentId,
            goalId: award.envelope.goalId,
            causation: award,
            query,
            k,
            ...(kinds ? { kinds } : {}),
            ...(itemIds ? { itemIds } : {}),
            maxVisibility: stricterVisibility(maxVisibility, narrower) ?? maxVisibility,
            ...(minScore !== undefined ? { minScore } : {}),
          },
          { timeoutMs: config.MEMORY_SEARCH_TIMEOUT_MS, signal },
        ),
      runCommand: (command) =>
        runShell(checkCommand(command, config.SHELL_ALLOWLIST), {
          timeoutMs: config.SHELL_TIMEOUT_MS,
          signal,
        }),
      httpGet: (url) =>
        httpGet(checkUrl(url, config.HTTP_ALLOWLIST), {
          timeoutMs: config.HTTP_TIMEOUT_MS,
          signal,
        }),
      ...(documents
        ? {
            writeMemory: async (document) => {
              const asked = document.visibility ?? maxVisibility;
              await documents.ingest([
                {
                  ...document,
                  tags: [...(document.tags ?? []), `agent:${award.agentId}`],
                  // never more public than what the task could read
                  visibility: mayQuote(asked, maxVisibility) ? maxVisibility : asked,
                },
              ]);
            },
          }
        : {}),
      ...(planner
        ? {
            askAgent: (ask, callId) =>
              askAgent(
                planner,
                {
                  goalId: award.envelope.goalId ?? '',
                  taskId: award.taskId,
                  taskName: award.taskName,
                  agentId: award.agentId,
                  inputs: input.inputs,
                  quote: maxVisibility,
                  attemptDeadlineAt,
                },
                ask,
                callId,
                signal,
              ),
          }
        : {}),
    };
  }
}

/**
 * An agent's own model. Its key is read from the environment variable the agent names, so the
 * agents file never holds a secret; a named variable that is unset fails start-up.
 */
function agentModel(agent: AgentDefinition, config: ExecutorConfig): LanguageModel {
  const spec = agent.model!;
  let apiKey: string | undefined;
  if (spec.apiKeyEnv) {
    apiKey = process.env[spec.apiKeyEnv];
    if (!apiKey) {
      throw new Error(
        `agent ${agent.id}: model.apiKeyEnv: environment variable ${spec.apiKeyEnv} is not set`,
      );
    }
  }
  return createLanguageModel({
    provider: spec.provider,
    model: spec.model,
    ...(spec.baseUrl ? { baseUrl: spec.baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
    timeoutMs: config.LLM_TIMEOUT_MS,
    priceInputPer1k: spec.priceInputPer1k,
    priceOutputPer1k: spec.priceOutputPer1k,
  })!;
}

/** Whether the agent is allowed every tool the skill's model needs (a command step needs shell). */
function mayUseModel(agent: AgentDefinition | undefined, skill: SkillDefinition): boolean {
  const allowed: readonly string[] = agent ? toolsOf(agent) : ['memory_search'];
  return (skill.modelTools ?? []).every((tool) => allowed.includes(tool));
}

/** What the task may quote; a bad `params.quote` fails the attempt for good, naming it. */
function quoteLevel(agent: AgentDefinition | undefined, input: TaskInput): Visibility {
  try {
    return quoteLevelOf(agent, input.params);
  } catch (error) {
    if (error instanceof InvalidVisibilityError) {
      throw new SkillError(`invalid step parameter ${error.message}`, false, { cause: error });
    }
    throw error;
  }
}

/** Classifies whatever a skill threw as retriable or not. */
export function toSkillError(error: unknown): SkillError {
  if (error instanceof SkillError) return error;
  if (error instanceof NotAllowedError || error instanceof InvalidTaskInputError) {
    return new SkillError(error.message, false, { cause: error });
  }
  if (error instanceof LanguageModelError) {
    return new SkillError(error.message, error.retriable, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SkillError(message, true, { cause: error });
}

/** Settles as soon as the signal aborts, even if the work itself does not listen to it. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new SkillError('aborted', true));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SkillError('aborted', true));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

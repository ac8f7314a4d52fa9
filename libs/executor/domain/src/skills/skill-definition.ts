import {
  capabilityNamePattern,
  outputKinds,
  type HttpOutput,
  type ShellOutput,
  type TaskInput,
  type TaskOutput,
  type Visibility,
} from '@agora/contracts';
import type { AgentToolName } from '../agent-definition';
import type { AgentAsk } from '../delegation';
import type { SourceDocument } from './research.skills';

/** A memory search as a skill asks for it; the executor fills in who asks and for which goal. */
export interface SkillMemoryQuery {
  query: string;
  /** Most hits wanted. */
  k: number;
  /** Only items of these kinds (e.g. `knowledge`); all kinds when absent. */
  kinds?: string[];
  /** Fetch these items by id instead of searching. */
  itemIds?: string[];
  /**
   * Narrows what the search may return below what the task may quote; it can never widen it
   * (the executor sends the stricter of the two). @default what the task may quote
   */
  maxVisibility?: Visibility;
  /** Hits scoring below this (0..1) are left out. @default memory's MEMORY_MIN_SCORE */
  minScore?: number;
}

/** A document a skill stores in memory as knowledge. */
export interface SkillMemoryDocument {
  title: string;
  content: string;
  /** Where it came from (a URL, a path). */
  source?: string;
  tags?: string[];
  /**
   * Who may be quoted it; never less than what the task could read (a task that read internal
   * documents writes at least internal ones). @default what the task may quote
   */
  visibility?: Visibility;
}

/** A sub-goal that completed: its id, and its output as the planner gives it to a submitter. */
export interface SubGoalResult {
  goalId: string;
  output: string;
}

/**
 * What a skill may use besides its input. Everything that leaves the process goes through here,
 * so the executor enforces its allow-lists, time-outs and the task's cancellation in one place.
 */
export interface SkillContext {
  /** The agent doing the task. */
  agentId: string;
  /** Aborted when the task is cancelled, its lease is lost or the executor stops. */
  signal: AbortSignal;
  /**
   * Searches the swarm's memory (the memory service, over Kafka). Every search goes out with
   * what the task may quote, the stricter of the step's `params.quote` and the agent's
   * `memory.maxVisibility` (internal when neither says), so memory never returns anything above it.
   */
  searchMemory(query: SkillMemoryQuery): Promise<SourceDocument[]>;
  /** Runs a command on the executor's shell allow-list (SHELL_ALLOWLIST); anything else is refused. */
  runCommand(command: string): Promise<ShellOutput>;
  /** GETs a URL whose host is on the executor's HTTP allow-list (HTTP_ALLOWLIST). */
  httpGet(url: string): Promise<HttpOutput>;
  /**
   * Stores a document as knowledge in memory (searchable by every agent afterwards); absent
   * when the executor has no MEMORY_URL.
   */
  writeMemory?(document: SkillMemoryDocument): Promise<void>;
  /**
   * Asks the swarm for a sub-task: submits it to the planner as a goal of its own (a sub-goal of
   * this task's goal) and waits for it to end; resolves with its output, rejects with why it
   * failed or was refused. `callId` (the model's id of the tool call) makes asking again the
   * same thing in the same call find the same sub-goal. Absent when the executor has no
   * PLANNER_URL.
   */
  askAgent?(ask: AgentAsk, callId: string): Promise<SubGoalResult>;
  /** Reports progress (0..1) to whoever watches the goal. */
  progress(fraction: number, message: string): void;
}

/**
 * One skill: the capabilities it serves, the kind of output it produces and how it runs. Adding
 * a skill is one definition (a file) plus one `skills.register(...)` line; nothing else in the
 * executor names skills.
 */
export interface SkillDefinition {
  /** Unique name, for logs, spans and metrics (often the capability itself). */
  name: string;
  /** What the skill does, in one sentence (`agora agents`, the docs). */
  description: string;
  /** Capabilities it serves; an agent may declare a capability only when a skill serves it. */
  capabilities: readonly string[];
  /** The output kind it produces (a kind registered in @agora/contracts). */
  output: string;
  /**
   * When the agent has a model (its own, or the executor-wide one), the model does the step
   * with this system prompt (after the agent's role) in a tool-using loop, instead of the
   * deterministic `run`, and answers with an output of the step's kind.
   */
  prompt?: string;
  /**
   * Tools the model cannot do the step without (a command step needs `shell`): an agent not
   * allowed every one of them does the step with `run`, model or not. @default none
   */
  modelTools?: readonly AgentToolName[];
  /**
   * Whether this skill takes a task its capability matched; for capabilities served by several
   * skills (a check by shell or by HTTP). @default every task
   */
  accepts?(input: TaskInput): boolean;
  /** Does the work. Throwing fails the attempt with the error's message. */
  run(input: TaskInput, ctx: SkillContext): TaskOutput | Promise<TaskOutput>;
}

/** Declares a skill (an identity function, for type checking at the definition). */
export function defineSkill(skill: SkillDefinition): SkillDefinition {
  return skill;
}

/** The skills one executor serves, looked up by capability. */
export class SkillRegistry {
  private readonly skills: SkillDefinition[] = [];

  /** Adds skills; a name taken, a malformed capability or an unknown output kind is refused. */
  register(...skills: SkillDefinition[]): this {
    for (const skill of skills) {
      const problem = problemOf(skill, this.skills);
      if (problem) throw new Error(`skill '${skill.name}': ${problem}`);
      this.skills.push(skill);
    }
    return this;
  }

  /** The skill that takes a task of this capability (the first registered that accepts it). */
  forTask(capability: string, input: TaskInput): SkillDefinition | undefined {
    return this.skills.find(
      (s) => s.capabilities.includes(capability) && (s.accepts?.(input) ?? true),
    );
  }

  /** Every capability some skill serves, sorted. */
  capabilities(): string[] {
    return [...new Set(this.skills.flatMap((s) => s.capabilities))].sort();
  }

  list(): readonly SkillDefinition[] {
    return this.skills;
  }
}

function problemOf(skill: SkillDefinition, taken: readonly SkillDefinition[]): string | undefined {
  if (taken.some((s) => s.name === skill.name)) return 'the name is already registered';
  if (skill.capabilities.length === 0) return 'serves no capability';
  const bad = skill.capabilities.find((c) => !capabilityNamePattern.test(c));
  if (bad !== undefined)
    return `'${bad}' is not a capability name (lower-case words joined by '-' or '.')`;
  if (!outputKinds.has(skill.output))
    return `unknown output kind '${skill.output}'; register it in @agora/contracts first`;
  return undefined;
}

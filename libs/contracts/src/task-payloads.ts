/*
 * The JSON carried in TaskReady.input / TaskAwarded.input (what a task is asked to do) and in
 * TaskCompleted.output (what it produced). Avro fixes the envelope of every event; these types fix
 * the payloads that the planner writes, executors read and write, and the evaluator checks.
 * Changes follow the Avro rules: add optional fields; never change or remove one.
 */

/**
 * Capabilities the shipped workflows use, grouped by workflow. An agent advertises the ones it
 * has in AgentHeartbeat.capabilities and bids only for those.
 */
export const capabilities = {
  research: ['gather', 'analyze', 'validate', 'report'],
  content: ['plan', 'write', 'edit', 'review'],
  support: ['classify', 'retrieve', 'respond', 'escalate'],
  devops: ['detect', 'diagnose', 'remediate', 'verify'],
} as const;

export type Capability = (typeof capabilities)[keyof typeof capabilities][number];

/** The output of an upstream task, passed to the tasks that depend on it. */
export interface UpstreamResult {
  taskId: string;
  /** Step name in the workflow, e.g. `gather`. */
  name: string;
  capability: string;
  output: TaskOutput;
}

/** TaskReady.input and TaskAwarded.input, as JSON. */
export interface TaskInput {
  /** The goal's text, as submitted. */
  goal: string;
  /** GoalSubmitted.inputs. */
  inputs: Record<string, string>;
  /** Workflow step parameters (for example `{ "k": 5 }` or an allow-listed command). */
  params: Record<string, unknown>;
  /** Outputs of the tasks this one depends on, in workflow order. */
  upstream: UpstreamResult[];
  /** The evaluator's feedback on a rejected earlier attempt, when this is a retry. */
  feedback?: string;
}

/** A passage taken from a memory item, with where it came from. */
export interface Citation {
  /** Memory item id (MemoryHit.itemId); the evaluator checks that the item exists. */
  itemId: string;
  title?: string | null;
  source?: string | null;
  /** Exact text copied from the item; the evaluator checks that it occurs in the item. */
  quote: string;
}

/** Sources found in memory (gather, retrieve). */
export interface SourcesOutput {
  kind: 'sources';
  query: string;
  sources: Citation[];
}

/** An extractive analysis: key points, each backed by citations (analyze). */
export interface AnalysisOutput {
  kind: 'analysis';
  summary: string;
  points: { text: string; citations: Citation[] }[];
}

/** A check of upstream claims against their sources (validate). */
export interface ValidationOutput {
  kind: 'validation';
  checked: number;
  supported: number;
  issues: string[];
}

/** A Markdown report with its citations (report). */
export interface ReportOutput {
  kind: 'report';
  title: string;
  markdown: string;
  citations: Citation[];
}

/** Free text (plan, write, edit, respond, diagnose). */
export interface TextOutput {
  kind: 'text';
  text: string;
}

/** A review with a verdict (review). */
export interface ReviewOutput {
  kind: 'review';
  approved: boolean;
  comments: string[];
}

/** A label with its confidence (classify). */
export interface ClassificationOutput {
  kind: 'classification';
  label: string;
  /** 0..1; the support workflow escalates below its threshold. */
  confidence: number;
  scores: Record<string, number>;
}

/** A hand-over to a person (escalate). */
export interface EscalationOutput {
  kind: 'escalation';
  reason: string;
  summary: string;
}

/** An allow-listed command that was run (detect, remediate, verify). */
export interface ShellOutput {
  kind: 'shell';
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** An HTTP GET to an allow-listed host. */
export interface HttpOutput {
  kind: 'http';
  url: string;
  status: number;
  body: string;
}

/** TaskCompleted.output, as JSON. */
export type TaskOutput =
  | SourcesOutput
  | AnalysisOutput
  | ValidationOutput
  | ReportOutput
  | TextOutput
  | ReviewOutput
  | ClassificationOutput
  | EscalationOutput
  | ShellOutput
  | HttpOutput;

export type TaskOutputKind = TaskOutput['kind'];

// Generated from schemas/ by tools/codegen/generate-contracts.ts. Do not edit.

/**
 * Metadata carried as the first field of every event: identity, time, correlation, causation
 * and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the
 * envelope: it travels in Kafka record headers, so tracing can change without a schema change
 * and tools can follow a trace without decoding Avro.
 */
export interface Envelope {
  /**
   * Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate
   * on it.
   */
  eventId: string;
  /** When the producer created the event, in milliseconds since the Unix epoch (UTC). */
  occurredAt: number;
  /**
   * Correlation id: the goal this event belongs to. Null only for events outside any goal, such
   * as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of
   * unknown origin.
   * @default null
   */
  goalId: string | null;
  /**
   * eventId of the event that caused this one. Null when the cause is outside Kafka: a request
   * to the API, a timer, an operator.
   * @default null
   */
  causationId: string | null;
  /** The service that produced the event. */
  producer: Producer;
}

/**
 * The service instance that produced an event, so an odd event can be traced back to the code
 * that wrote it.
 */
export interface Producer {
  /**
   * Logical service name, stable across releases and replicas: planner, auctioneer, evaluator,
   * memory, or an executor agent's id.
   */
  service: string;
  /**
   * Version of the producing build (semver or git commit), to tell which release wrote an event
   * when behaviour changes between releases.
   */
  version: string;
}

/**
 * What a whole goal consumed, summed over all its task attempts (failed and rejected ones
 * included), reported when the goal ends either way.
 */
export interface GoalUsage {
  /** Number of tasks in the plan that were started at least once. */
  tasks: number;
  /** Number of task attempts, retries included; equals tasks when nothing was retried. */
  attempts: number;
  /** Wall-clock time from the goal's submission to its end, in milliseconds. */
  durationMs: number;
  /** Model input tokens over all attempts. */
  inputTokens: number;
  /** Model output tokens over all attempts. */
  outputTokens: number;
  /** Total cost in US dollars over all attempts. */
  costUsd: number;
}

/**
 * Resources one task attempt consumed, as reported by the agent that worked on it. Failed
 * attempts report usage too, because they spend the goal's budget as well.
 */
export interface Usage {
  /** Wall-clock time the agent spent on the attempt, from award to result, in milliseconds. */
  durationMs: number;
  /**
   * Model input (prompt) tokens consumed; 0 when no model was called.
   * @default 0
   */
  inputTokens: number;
  /**
   * Model output (completion) tokens produced; 0 when no model was called.
   * @default 0
   */
  outputTokens: number;
  /**
   * What the attempt cost in US dollars: model calls plus the agent's own price.
   * @default 0
   */
  costUsd: number;
  /**
   * Model that did the work, as provider/model; null when no model was called. When several
   * were, the main one, and the token counts are totals.
   * @default null
   */
  model: string | null;
}

/**
 * A goal was submitted for the platform to achieve. Starts a goal's life: the envelope's
 * goalId, assigned by the submitter, correlates every later event of the goal.
 */
export interface GoalSubmitted {
  /** Event metadata; goalId is always set. */
  envelope: Envelope;
  /** What to achieve, in natural language, as the submitter wrote it. */
  goal: string;
  /**
   * Name of a predefined workflow to plan the goal with; null lets the planner build the plan
   * with a model.
   * @default null
   */
  workflow: string | null;
  /**
   * Named inputs the goal's tasks can refer to, such as a document URL or a target language.
   * @default {}
   */
  inputs: Record<string, string>;
  /**
   * Limits on time, attempts and money; all unlimited by default.
   * @default {"deadlineAt":null,"maxTasks":null,"maxCostUsd":null,"maxWaitMs":null}
   */
  budget: GoalBudget;
  /**
   * Who submitted the goal (user or client id), for audit; null when anonymous.
   * @default null
   */
  submittedBy: string | null;
  /**
   * Scheduling priority: when the swarm is saturated, tasks of goals with a higher priority are
   * auctioned first, and among equal priorities the task that has waited longest. 0 is normal;
   * negative values yield to everything else.
   * @default 0
   */
  priority: number;
  /**
   * A task graph to run instead of a named workflow, as JSON: {"steps": [...]} with steps as in
   * a workflow file (name, capability, dependsOn, params, maxAttempts, when), and optionally a
   * description. The planner validates it like a workflow file; a goal whose plan is not valid
   * fails as unplannable, naming the step and the field. Null when the goal names a workflow or
   * lets the planner plan it; a goal sets at most one of workflow and plan.
   * @default null
   */
  plan: string | null;
}

/**
 * Limits the goal must stay within; the goal fails once one is exceeded. Every limit is
 * optional.
 */
export interface GoalBudget {
  /**
   * Time by which the goal must be finished, in milliseconds since the Unix epoch; null for no
   * deadline.
   * @default null
   */
  deadlineAt: number | null;
  /**
   * Largest number of task attempts the goal may start, retries included; null for no limit.
   * @default null
   */
  maxTasks: number | null;
  /**
   * Largest total cost in US dollars; null for no limit.
   * @default null
   */
  maxCostUsd: number | null;
  /**
   * Longest any one task of the goal may wait for an agent with free capacity, in milliseconds,
   * before the goal fails with wait_exceeded; null to let tasks wait until the deadline.
   * @default null
   */
  maxWaitMs: number | null;
}

/**
 * Someone asks for a goal to be cancelled, the Kafka way of POST /goals/{goalId}/cancel. The
 * planner fails the goal as cancelled (GoalFailed, code cancelled, naming who and why) and
 * tells the agents of its running tasks to stop; a request for a goal that has ended, or that
 * the planner does not know, changes nothing.
 */
export interface GoalCancelRequested {
  /** Event metadata; goalId is always set: the goal to cancel. */
  envelope: Envelope;
  /**
   * Who asks, named in the goal's failure reason; null when the requester does not say.
   * @default null
   */
  requestedBy: string | null;
  /**
   * Why, named in the goal's failure reason; null for none.
   * @default null
   */
  reason: string | null;
}

/**
 * The planner broke a goal into a graph of tasks. Tasks whose dependencies are all met become
 * ready; the goal completes when every task has been accepted.
 */
export interface GoalPlanned {
  /** Event metadata; goalId is always set and causationId is the GoalSubmitted event. */
  envelope: Envelope;
  /**
   * Workflow the plan was built from; null when a model built the plan or the goal carried its
   * own (GoalSubmitted.plan).
   * @default null
   */
  workflow: string | null;
  /** The tasks of the plan, in an order where every task comes after its dependencies. */
  tasks: PlannedTask[];
  /**
   * How the plan was made: workflow (expanded from a predefined or registered workflow), model
   * (generated by a language model) or inline (given with the goal, GoalSubmitted.plan).
   */
  source: string;
}

/** One node of the task graph. */
export interface PlannedTask {
  /**
   * Task id, unique across all goals (not just this one) because task topics are keyed and
   * partitioned by it.
   */
  taskId: string;
  /** Short human-readable name of the step, such as summarize-sources. */
  name: string;
  /**
   * Capability an agent must advertise to bid for the task, such as web.search or
   * text.summarize.
   */
  capability: string;
  /**
   * taskIds of the tasks whose accepted outputs this task needs; empty for tasks that can start
   * at once.
   * @default []
   */
  dependsOn: string[];
  /**
   * Input the planner fixed for the task, as JSON text; the task's input when ready is built
   * from it, the goal's inputs and the outputs of its dependencies. Null when the planner fixed
   * nothing.
   * @default null
   */
  input: string | null;
}

/**
 * A goal ended successfully: every task of its plan was accepted. Ends the goal's life, like
 * GoalFailed.
 */
export interface GoalCompleted {
  /**
   * Event metadata; goalId is always set and causationId is the last ACCEPTED TaskEvaluated
   * event.
   */
  envelope: Envelope;
  /**
   * The goal's result for the submitter: the accepted output of the plan's final task, as text
   * or JSON text.
   */
  output: string;
  /** What the goal consumed. */
  usage: GoalUsage;
}

/**
 * A goal ended without a result. Ends the goal's life, like GoalCompleted; tasks still running
 * are cancelled.
 */
export interface GoalFailed {
  /**
   * Event metadata; goalId is always set and causationId is the event that made the goal fail.
   */
  envelope: Envelope;
  /**
   * Machine-readable cause, one of: unplannable (no plan could be made), task_failed (a task
   * failed and could not be retried), deadline_exceeded, budget_exceeded (maxTasks or maxCostUsd
   * reached), cancelled (by the submitter or an operator). A string rather than an enum so new
   * causes can be added without breaking readers.
   */
  code: string;
  /** What went wrong, in words a person can act on. */
  reason: string;
  /**
   * Task whose failure or rejection ended the goal; null when no single task is to blame.
   * @default null
   */
  taskId: string | null;
  /** What the goal consumed before failing. */
  usage: GoalUsage;
}

/**
 * A task's dependencies are met and it can be auctioned, for a first attempt or a retry after
 * a failure or a rejected result.
 */
export interface TaskReady {
  /** Event metadata; goalId is always set. */
  envelope: Envelope;
  /** Task id from the plan. */
  taskId: string;
  /** Step name from the plan. */
  name: string;
  /** Capability an agent needs to bid. */
  capability: string;
  /**
   * Everything the task needs, as JSON text: the planner's input merged with the goal's inputs
   * and the outputs of the task's dependencies.
   */
  input: string;
  /** Attempt number, 1 for the first; each retry increments it. */
  attempt: number;
  /**
   * Agents that may not bid on this attempt, typically those whose earlier attempts failed or
   * were rejected.
   * @default []
   */
  excludedAgents: string[];
  /**
   * The evaluator's feedback on the previous attempt when it was rejected, for the next agent to
   * act on; null on a first attempt or after a plain failure.
   * @default null
   */
  feedback: string | null;
  /**
   * The goal's priority: while agents are busy, waiting tasks are auctioned in order of
   * priority, then of age.
   * @default 0
   */
  priority: number;
  /**
   * The goal's deadline, in milliseconds since the Unix epoch; null for none. The planner fails
   * the goal once it passes.
   * @default null
   */
  deadlineAt: number | null;
  /**
   * Longest this attempt may wait for an agent with free capacity before it fails with
   * wait_exceeded; null to wait as long as the goal allows.
   * @default null
   */
  maxWaitMs: number | null;
}

/**
 * The auctioneer invites agents with the right capability to bid for a task (Contract-Net call
 * for proposals). The invited agents answer with a bid or a refusal; the round closes once all
 * have answered, shortly after a first acceptable bid, or at the deadline.
 */
export interface CallForProposals {
  /**
   * Event metadata; goalId is always set and causationId is the TaskReady event (or the previous
   * call when a new round opens).
   */
  envelope: Envelope;
  /** Task being auctioned. */
  taskId: string;
  /** Attempt being auctioned, from TaskReady. */
  attempt: number;
  /**
   * Auction round within the attempt, from 1; a new round opens when the previous one closed
   * without an acceptable bid and capacity appears again.
   */
  round: number;
  /** Capability a bidder must have. */
  capability: string;
  /** Step name, so agents can judge whether to bid. */
  taskName: string;
  /**
   * Short, possibly truncated description of the input, to help agents estimate cost and
   * duration without receiving the full input before the award; null when there is nothing
   * useful to say.
   * @default null
   */
  inputSummary: string | null;
  /**
   * When the round may close without waiting for more answers, in milliseconds since the Unix
   * epoch. Answers that arrive while the round is still open count even if sent later; the
   * auctioneer closes a round at its deadline only once it has read every answer sent before it.
   */
  bidDeadline: number;
  /**
   * Agents whose bids will be ignored, from TaskReady; they need not answer.
   * @default []
   */
  excludedAgents: string[];
  /**
   * Agents asked to answer: live, with the capability, not excluded and with a free slot when
   * the call went out. Other agents need not answer. Empty means an open call that any agent
   * with the capability may answer.
   * @default []
   */
  invitedAgents: string[];
}

/**
 * An agent's answer to a call for proposals: a bid with its price and estimates, or a refusal.
 * Keyed by taskId like the call, so one consumer sees a task's call and all its bids in order.
 */
export interface BidSubmitted {
  /** Event metadata; goalId is always set and causationId is the CallForProposals event. */
  envelope: Envelope;
  /** Task bid for. */
  taskId: string;
  /**
   * Attempt bid for, copied from the call so late bids for an earlier attempt can be told apart.
   */
  attempt: number;
  /** Round bid for, copied from the call so late bids for an earlier round can be told apart. */
  round: number;
  /** Agent answering. */
  agentId: string;
  /**
   * BID to offer to do the task, REFUSE to decline it explicitly so the round can close without
   * waiting for the deadline.
   */
  decision: BidDecision;
  /**
   * Price asked in US dollars; 0 for a free agent, null when refusing.
   * @default null
   */
  cost: number | null;
  /**
   * Time the agent expects to need, in milliseconds; null when refusing or unknown.
   * @default null
   */
  estimatedDurationMs: number | null;
  /**
   * Agent's own estimate, from 0 to 1, that its result will be accepted; null when refusing or
   * unknown.
   * @default null
   */
  confidence: number | null;
  /**
   * Share of the agent's capacity in use when it answered, from 0 (idle) to 1 (full); sent with
   * refusals too, so the auctioneer learns about load either way.
   */
  load: number;
  /**
   * Why the agent refused, for operators; null when bidding.
   * @default null
   */
  refusalReason: string | null;
  /**
   * Run of the agent's process that answered; it changes on every restart. The award names it,
   * so only that run works on the task. Empty when the agent does not say.
   * @default ""
   */
  incarnation: string;
}

/**
 * Whether the agent offers to do the task. An unknown future symbol reads as REFUSE, so a task
 * is never awarded on an answer the reader does not understand.
 */
export type BidDecision = 'BID' | 'REFUSE';

/**
 * A task attempt is waiting for capacity: no agent with its capability is live with a free
 * slot, or none answered the last call. The auctioneer calls for bids again as soon as
 * capacity appears; only the goal's deadline or budget, or the attempt's maxWaitMs, end the
 * wait. Published when the wait starts and whenever its reason changes.
 */
export interface TaskWaiting {
  /**
   * Event metadata; goalId is always set and causationId is the TaskReady event or the call
   * whose round closed without an award.
   */
  envelope: Envelope;
  /** Task that is waiting. */
  taskId: string;
  /** Attempt that is waiting. */
  attempt: number;
  /** Capability the task needs. */
  capability: string;
  /**
   * Why it waits, in words a person can act on, such as: 2 agents have capability 'classify' and
   * all are busy (6 of 6 slots).
   */
  reason: string;
  /** When this attempt started waiting, in milliseconds since the Unix epoch. */
  waitingSince: number;
  /** Agents that have declared the capability, live or not. */
  capableAgents: number;
  /** Of those, agents that are live and not excluded from the attempt. */
  liveAgents: number;
  /**
   * Free task slots among the live agents with the capability, as the auctioneer counts them
   * (awards not yet finished included).
   */
  freeSlots: number;
}

/**
 * The auctioneer gave a task attempt to the best bidder, under a lease. The winner must renew
 * the lease with TaskProgress or finish before it expires, otherwise the attempt fails with
 * lease_expired.
 */
export interface TaskAwarded {
  /** Event metadata; goalId is always set and causationId is the winning BidSubmitted event. */
  envelope: Envelope;
  /** Task awarded. */
  taskId: string;
  /** Attempt awarded. */
  attempt: number;
  /** Auction round the winning bid belonged to. */
  round: number;
  /** Step name from the plan. */
  taskName: string;
  /** Capability the winner is to use. */
  capability: string;
  /** The winner, the only agent allowed to work on this attempt. */
  agentId: string;
  /**
   * When the lease lapses, in milliseconds since the Unix epoch. The lease length the winner
   * should renew by is leaseExpiresAt minus the envelope's occurredAt.
   */
  leaseExpiresAt: number;
  /** Score that made the winning bid best, higher is better; kept to explain awards. */
  score: number;
  /** Every agent that bid in the winning round, winner included, to explain awards. */
  bidders: string[];
  /**
   * The task's full input as JSON text, from TaskReady. The award carries it rather than the
   * call, because only the winner needs it and inputs can be large.
   */
  input: string;
  /**
   * Evaluator feedback on the previous, rejected attempt, from TaskReady, for the winner to act
   * on; null otherwise.
   * @default null
   */
  feedback: string | null;
  /**
   * Run of the winning agent's process the award is for (from its bid); another run of the same
   * agent, such as one restarted since, ignores the award. Empty when the agent does not say.
   * @default ""
   */
  incarnation: string;
  /**
   * Every counted bid of the winning round with its score, best first, to explain awards; empty
   * from auctioneers that do not say.
   * @default []
   */
  scores: BidScore[];
}

/** One bid of the winning round as the auctioneer scored it. */
export interface BidScore {
  /** The bidder. */
  agentId: string;
  /** Its score, higher is better; the winner's is score. */
  score: number;
}

/**
 * The agent working on a task reports that it is alive and how far it got. Each progress event
 * renews the lease.
 */
export interface TaskProgress {
  /** Event metadata; goalId is always set and causationId is the TaskAwarded event. */
  envelope: Envelope;
  /** Task being worked on. */
  taskId: string;
  /** Attempt being worked on; progress for any other attempt is stale and ignored. */
  attempt: number;
  /** Agent reporting; progress from an agent other than the attempt's winner is ignored. */
  agentId: string;
  /**
   * Fraction done, from 0 to 1; null when the agent cannot tell.
   * @default null
   */
  progress: number | null;
  /**
   * What the agent is doing now, for people watching; null when there is nothing new.
   * @default null
   */
  message: string | null;
  /**
   * New expiry of the lease, in milliseconds since the Unix epoch, normally the report's time
   * plus the lease length of the award.
   */
  leaseExpiresAt: number;
}

/**
 * One step of a model-driven agent's attempt, recorded before the attempt goes on: a model
 * call (the model's whole turn), a tool call about to be made, or the result handed back to
 * the model. A later attempt of the same task reads the journal of the one before and replays
 * its steps instead of calling the model and the tools again.
 */
export interface TaskStepJournaled {
  /**
   * Event metadata; goalId is always set and causationId is the TaskAwarded event of the
   * attempt.
   */
  envelope: Envelope;
  /** Task of the attempt. */
  taskId: string;
  /** Attempt that recorded the step. */
  attempt: number;
  /** Agent working on the attempt. */
  agentId: string;
  /** Position of the step in the attempt's journal, from 1, without gaps. */
  seq: number;
  /**
   * model_call (the model answered: result holds its turn), tool_call (a tool is about to be
   * called: name, callId, arguments) or tool_result (what was handed back to the model for that
   * call: result). A string rather than an enum so new kinds can be added without breaking
   * readers.
   */
  kind: string;
  /**
   * The tool's name for tool steps; the model, as provider/model, for model calls.
   * @default null
   */
  name: string | null;
  /**
   * The model's id of the tool call, for tool steps; null for model calls.
   * @default null
   */
  callId: string | null;
  /**
   * The tool call's arguments as a JSON object, for tool calls; null otherwise.
   * @default null
   */
  arguments: string | null;
  /**
   * For a model call, its turn as JSON: {"text", "toolCalls": [{"id", "name", "arguments"}]};
   * for a tool result, the text the model was given (an error as {"error": …}); null for tool
   * calls.
   * @default null
   */
  result: string | null;
  /**
   * For a model call, the SHA-256 (hex) of the request it answered (system prompt, messages and
   * tool names): a replay uses the turn only for an identical request.
   * @default null
   */
  requestHash: string | null;
  /**
   * For a model call, its duration, tokens, cost and model; for a tool result, the tool's
   * duration; null for tool calls. A replayed step carries the usage of the attempt that did it
   * (see replayedFrom): it was spent once, then.
   * @default null
   */
  usage: Usage | null;
  /**
   * The attempt that did this step, when this attempt replayed it from the journal instead of
   * doing it; null when this attempt did it.
   * @default null
   */
  replayedFrom: number | null;
  /**
   * The most the attempt could quote from memory when the step was done, one of public <
   * internal < restricted: the stricter of the step's params.quote and the agent's
   * memory.maxVisibility. An attempt allowed less never replays a tool result done under more:
   * it makes that call again under its own bound. Null for steps recorded before the field
   * existed, which count as restricted.
   * @default null
   */
  visibility: string | null;
}

/**
 * A piece of the text a model-driven agent's model is producing for a task, published as it
 * comes (a few pieces a second at most) for people watching the goal. A live view only: the
 * journal (TaskStepJournaled) holds each complete model turn and TaskCompleted the result; a
 * reader that misses pieces loses nothing else.
 */
export interface TaskOutputDelta {
  /**
   * Event metadata; goalId is always set and causationId is the TaskAwarded event of the
   * attempt.
   */
  envelope: Envelope;
  /** Task the text is produced for. */
  taskId: string;
  /** Attempt producing it. */
  attempt: number;
  /** Agent working on the attempt. */
  agentId: string;
  /**
   * Position of the piece in the attempt's stream, from 1, without gaps: a reader sees a missed
   * or repeated piece.
   */
  seq: number;
  /**
   * The model turn of the attempt the text belongs to, from 1 (a turn that calls tools may say
   * something first; the final answer is the last turn's text).
   */
  turn: number;
  /** The text, as the model produced it since the previous piece. */
  text: string;
}

/**
 * The winning agent finished a task attempt and delivered its output. The output still has to
 * be evaluated: only an ACCEPTED TaskEvaluated makes it usable by dependent tasks.
 */
export interface TaskCompleted {
  /** Event metadata; goalId is always set and causationId is the TaskAwarded event. */
  envelope: Envelope;
  /** Task finished. */
  taskId: string;
  /** Attempt finished. */
  attempt: number;
  /** Agent that did the work. */
  agentId: string;
  /**
   * Capability used, so the evaluator can judge and the reputation be updated without looking up
   * the award.
   */
  capability: string;
  /** The result as JSON text. */
  output: string;
  /** Resources the attempt consumed. */
  usage: Usage;
}

/**
 * A task attempt ended without output: the agent gave up or crashed, its lease lapsed, nobody
 * could take it, or it was cancelled. Whether to retry is decided from retriable and the
 * goal's budget.
 */
export interface TaskFailed {
  /** Event metadata; goalId is always set. */
  envelope: Envelope;
  /** Task that failed. */
  taskId: string;
  /** Attempt that failed. */
  attempt: number;
  /**
   * Agent the attempt was awarded to; null when nobody was awarded (unallocatable, or cancelled
   * before the award).
   * @default null
   */
  agentId: string | null;
  /**
   * Capability the task needed, so the failure can count against the agent's reputation for that
   * capability.
   */
  capability: string;
  /**
   * Machine-readable cause, one of: error (the agent failed while working), timeout (the agent
   * gave up at its own time limit), unallocatable (no agent has ever declared the capability),
   * wait_exceeded (no agent with the capability had a free slot within the goal's maxWaitMs),
   * cancelled (the goal was cancelled or already failed), lease_expired (no progress or result
   * before the lease lapsed), released (the agent's process stopped or restarted before
   * finishing: not the agent's fault, so the retry neither excludes it nor counts against
   * maxAttempts). A string rather than an enum so new causes can be added without breaking
   * readers.
   */
  code: string;
  /** What went wrong, in words a person can act on. */
  reason: string;
  /**
   * Whether another attempt, possibly by another agent, could succeed; false for failures that
   * will repeat, such as invalid input.
   */
  retriable: boolean;
  /**
   * Resources the attempt consumed before failing, charged to the goal's budget; null when the
   * agent never started or could not report.
   * @default null
   */
  usage: Usage | null;
}

/**
 * The evaluator judged a completed task attempt. An ACCEPTED output unlocks dependent tasks; a
 * REJECTED one leads to a retry with the feedback, or to the goal's failure when the budget is
 * spent.
 */
export interface TaskEvaluated {
  /** Event metadata; goalId is always set and causationId is the TaskCompleted event. */
  envelope: Envelope;
  /** Task evaluated. */
  taskId: string;
  /** Attempt evaluated. */
  attempt: number;
  /** Agent whose output was judged; its reputation for the capability moves with the score. */
  agentId: string;
  /** Capability the output was produced with. */
  capability: string;
  /** Whether the output is good enough to use. */
  verdict: Verdict;
  /** Quality of the output, from 0 (useless) to 1 (perfect), whatever the verdict. */
  score: number;
  /** Explanation of the verdict; on rejection, what the next attempt must do better. */
  feedback: string;
}

/**
 * Outcome of an evaluation. An unknown future symbol reads as REJECTED, so an output is never
 * used on a verdict the reader does not understand.
 */
export type Verdict = 'ACCEPTED' | 'REJECTED';

/**
 * An approval step is waiting for a person's decision. The planner serves the step itself (it
 * is never auctioned) and publishes this when the wait starts, so consoles and tools can show
 * what waits for whom; the decision comes back through the planner's REST API (POST
 * /goals/{goalId}/tasks/{taskName}/decision) and ends as TaskDecided.
 */
export interface DecisionRequested {
  /**
   * Event metadata; goalId is always set and causationId is the event that finished the step's
   * last dependency.
   */
  envelope: Envelope;
  /** Task that waits, `<goalId>/<taskName>`. */
  taskId: string;
  /** The step's name, as the decision's URL and `agora approve|reject` take it. */
  taskName: string;
  /**
   * What the person is asked, from the step's params; null when the step does not say.
   * @default null
   */
  prompt: string | null;
  /**
   * When the step decides by itself, as its onTimeout says, in milliseconds since the Unix
   * epoch.
   */
  dueAt: number;
  /** What the step decides if nobody has by dueAt: approve or reject. */
  onTimeout: string;
}

/**
 * An approval step was decided: by a person through the planner's REST API or the CLI, or by
 * the step's onTimeout when nobody decided in time. An approval lets the goal go on; a
 * rejection fails it as not_approved (its GoalFailed follows).
 */
export interface TaskDecided {
  /** Event metadata; goalId is always set. */
  envelope: Envelope;
  /** Task that was decided, `<goalId>/<taskName>`. */
  taskId: string;
  /** The step's name. */
  taskName: string;
  /**
   * approve or reject. A string rather than an enum so new kinds of decision can be added
   * without breaking readers.
   */
  decision: string;
  /**
   * Who decided, as they named themselves; null when they did not say, or when the step timed
   * out.
   * @default null
   */
  decidedBy: string | null;
  /**
   * The person's comment, or the note of a timeout; null when there is none.
   * @default null
   */
  comment: string | null;
  /**
   * True when nobody decided by dueAt and the step's onTimeout decided.
   * @default false
   */
  timedOut: boolean;
}

/**
 * An executor agent announces itself and its state at a regular interval. The topic is
 * compacted by agentId, so the latest heartbeat of every agent is the live roster; an agent
 * silent for a few intervals counts as offline even if its last status says otherwise.
 */
export interface AgentHeartbeat {
  /** Event metadata; goalId is null, heartbeats belong to no goal. */
  envelope: Envelope;
  /** Stable id of the agent, the same across restarts so its reputation follows it. */
  agentId: string;
  /** Capabilities the agent can bid with, such as web.search. */
  capabilities: string[];
  /** Largest number of tasks the agent works on at once. */
  capacity: number;
  /** Tasks the agent is working on now, from 0 to capacity. */
  activeTasks: number;
  /**
   * ONLINE takes new work; DRAINING finishes its tasks but bids for no new ones; OFFLINE has
   * stopped (sent once on a clean shutdown).
   */
  status: AgentStatus;
  /** Milliseconds until the next heartbeat, so readers know when to consider the agent gone. */
  intervalMs: number;
  /**
   * Indicative price per task in US dollars, for dashboards and planning; bids carry the actual
   * price. Null when the agent has no list price.
   * @default null
   */
  costPerTaskUsd: number | null;
  /**
   * Run of the agent's process; it changes on every restart. A heartbeat with a new incarnation
   * ends the leases held by earlier runs at once, instead of when they lapse. Empty when the
   * agent does not say.
   * @default ""
   */
  incarnation: string;
  /**
   * Commands the agent runs for a step's params.command: its executor's shell allow-list
   * (SHELL_ALLOWLIST). An entry allows exactly that command, spaces normalised; an entry ending
   * in ' *' allows its words followed by any arguments. The planner refuses a plan with a
   * command no live agent of the step's capability allows. Empty when the agent runs no
   * commands, or does not say.
   * @default []
   */
  allowedCommands: string[];
  /**
   * Hosts the agent fetches a step's params.url from: its executor's HTTP allow-list
   * (HTTP_ALLOWLIST). An entry 'host' allows that host on the scheme's default port, 'host:port'
   * that port. The planner refuses a plan with a URL no live agent of the step's capability
   * allows. Empty when the agent fetches nothing, or does not say.
   * @default []
   */
  allowedHosts: string[];
}

/**
 * Lifecycle state of an agent. An unknown future symbol reads as OFFLINE, so no work is sent
 * to an agent in a state the reader does not understand.
 */
export type AgentStatus = 'ONLINE' | 'DRAINING' | 'OFFLINE';

/**
 * An agent's current reputation, recomputed after each evaluation or failure. The topic is
 * compacted by agentId and keeps only the latest record per agent, so each record carries
 * every capability of the agent, not just the one that changed.
 */
export interface AgentReputation {
  /**
   * Event metadata; goalId is null, reputation spans goals. causationId is the evaluation or
   * failure that triggered the update.
   */
  envelope: Envelope;
  /** Agent described. */
  agentId: string;
  /**
   * One entry per capability the agent has been evaluated or has failed on; a capability missing
   * here has no record yet.
   */
  capabilities: CapabilityReputation[];
}

/** How well an agent has done with one capability. */
export interface CapabilityReputation {
  /** Capability the figures are for. */
  capability: string;
  /**
   * Reputation from 0 (never good) to 1 (always good), weighing recent evaluations more;
   * auctions use it to rank bids.
   */
  score: number;
  /** Evaluations the score is based on; a low count means the score says little yet. */
  samples: number;
  /**
   * Attempts that failed with the agent at fault (error, timeout, lease_expired), which no
   * evaluation saw.
   */
  failures: number;
}

/**
 * A workflow was registered through a planner's REST API (POST /workflows), replaced, or
 * removed (DELETE /workflows/{name}). The topic is compacted by name: the latest record of
 * each name is that workflow's state, so every planner replica rebuilds the registered
 * workflows by reading the topic from the start. Removal is a record with a null definition
 * rather than a Kafka tombstone, so it says who removed the workflow and when, and readers
 * need no special case for a value-less record.
 */
export interface WorkflowChanged {
  /**
   * Event metadata; goalId is null, workflows belong to no goal. occurredAt is when the workflow
   * was registered or removed.
   */
  envelope: Envelope;
  /**
   * Name of the workflow, as goals name it: lower-case letters, digits and dashes. The record's
   * key.
   */
  name: string;
  /**
   * The workflow as JSON, in the shape of a workflow YAML file (name, description, steps), as
   * the planner validated it, defaults filled in; its name equals the name field. Null when the
   * workflow was removed. Readers validate it again and ignore (dead-letter) one they cannot
   * use.
   * @default null
   */
  definition: string | null;
  /**
   * Who registered or removed the workflow (user or client id, as the request said), for audit;
   * null when not said.
   * @default null
   */
  changedBy: string | null;
}

/**
 * Memory stored an item that later goals and tasks can recall. The event announces and
 * describes the item; the content itself stays in the memory store, which is read by itemId.
 */
export interface MemoryRecorded {
  /**
   * Event metadata; goalId is the goal the item came from, null for knowledge added outside any
   * goal.
   */
  envelope: Envelope;
  /** Id of the item in the memory store; recording the same id again replaces the item. */
  itemId: string;
  /**
   * What the item is, one of: goal (a goal with its outcome), task_result (an accepted task
   * output), evaluation (a verdict and its feedback), knowledge (a document or fact added on
   * purpose). A string rather than an enum so new kinds can be added without breaking readers.
   */
  kind: string;
  /**
   * Task the item came from; null for items not tied to a task.
   * @default null
   */
  taskId: string | null;
  /**
   * Short human-readable title, for listings; null when the item has none.
   * @default null
   */
  title: string | null;
  /**
   * Where the content came from, as a URI or a path; null when it was produced inside the
   * platform.
   * @default null
   */
  source: string | null;
  /**
   * Free-form labels to filter recall by, such as a capability or a topic.
   * @default []
   */
  tags: string[];
  /**
   * Who may be quoted the item, one of the ordered levels public < internal < restricted: public
   * to anyone (customers included), internal to staff only, restricted only to a step or agent
   * that asks for it. A string rather than an enum so levels can be added; items announced
   * before the field existed are internal.
   * @default "internal"
   */
  visibility: string;
}

/**
 * An agent or service asks memory for items: a ranked search by text, or specific items by id.
 * Memory answers with MemorySearchCompleted carrying the same requestId.
 */
export interface MemorySearchRequested {
  /** Event metadata; goalId is the goal the search is made for, null outside any goal. */
  envelope: Envelope;
  /** Id the requester picks (a UUID) to match the answer to this request. */
  requestId: string;
  /**
   * Who asks (an agent id or a service name); answers are read by every requester, which keeps
   * only its own.
   */
  requester: string;
  /** Text to search for; empty when only itemIds are asked for. */
  query: string;
  /**
   * Most hits to return, best first.
   * @default 5
   */
  k: number;
  /**
   * Only items that came from this goal, plus knowledge added outside any goal; null searches
   * everything.
   * @default null
   */
  scopeGoalId: string | null;
  /**
   * Only items of these kinds (goal, task_result, evaluation, knowledge); empty for every kind.
   * Research steps ask for knowledge, so a goal's own earlier results do not crowd out the
   * documents.
   * @default []
   */
  kinds: string[];
  /**
   * Items to return by id, in full, regardless of the query (for checking citations); empty for
   * a plain search.
   * @default []
   */
  itemIds: string[];
  /**
   * The most the requester may quote, one of public < internal < restricted: items of a higher
   * visibility are neither found nor returned by id. Null for memory's default, internal.
   * @default null
   */
  maxVisibility: string | null;
  /**
   * Hits scoring below this (0 to 1) are left out, so a search for something memory does not
   * hold returns nothing; null for memory's default (MEMORY_MIN_SCORE). Not applied to items
   * asked for by id.
   * @default null
   */
  minScore: number | null;
}

/**
 * Memory's answer to a MemorySearchRequested: the matching items, best first, or the reason
 * there are none.
 */
export interface MemorySearchCompleted {
  /** Event metadata; causationId is the request's eventId and goalId the request's goalId. */
  envelope: Envelope;
  /** The requestId of the request this answers. */
  requestId: string;
  /** The requester named in the request, so others skip the answer without reading the hits. */
  requester: string;
  /**
   * Items found, best first; empty when nothing matched or the search failed.
   * @default []
   */
  hits: MemoryHit[];
  /**
   * Why the search failed, for a person to read; null when it succeeded (even with no hits).
   * @default null
   */
  error: string | null;
}

/** One item found in memory. */
export interface MemoryHit {
  /** Id of the item in the memory store; cite it to refer to the item. */
  itemId: string;
  /** What the item is: goal, task_result, evaluation or knowledge. */
  kind: string;
  /**
   * Title of the item, when it has one.
   * @default null
   */
  title: string | null;
  /**
   * Where the item came from (a URL or a file path), when known.
   * @default null
   */
  source: string | null;
  /**
   * Text of the item: all of it when asked for by id, otherwise the passage that matched best.
   */
  content: string;
  /**
   * Relevance from 0 to 1, on the same scale in every search: the weighted mean of the share of
   * the query's words the item holds and the vector similarity; 1 for items asked for by id.
   */
  score: number;
  /**
   * Who may be quoted the item: public, internal or restricted (see MemoryRecorded.visibility);
   * never above the request's maxVisibility.
   * @default "internal"
   */
  visibility: string;
}

/**
 * A consumer gave up on a record: it could not be decoded, failed with a fatal error, or kept
 * failing with a retriable one. The original key, value and headers are kept byte for byte so
 * the record can be inspected and replayed to its topic.
 */
export interface DeadLetter {
  /**
   * Event metadata; goalId and causationId are copied from the original event when it could be
   * decoded, otherwise null.
   */
  envelope: Envelope;
  /** Topic the original record was read from. */
  sourceTopic: string;
  /** Partition the original record was read from. */
  sourcePartition: number;
  /** Offset of the original record in its partition. */
  sourceOffset: number;
  /**
   * Kafka timestamp of the original record, in milliseconds since the Unix epoch, so a replay
   * can keep it; null when the broker gave none.
   * @default null
   */
  sourceTimestamp: number | null;
  /** Consumer group that gave up, which tells which service failed. */
  consumerGroup: string;
  /**
   * Original record key, untouched; null when the record had none.
   * @default null
   */
  key: Buffer | null;
  /**
   * Original record value, untouched (Confluent wire format included); null for a tombstone.
   * @default null
   */
  value: Buffer | null;
  /**
   * Original record headers (trace context included), in order.
   * @default []
   */
  headers: DeadLetterHeader[];
  /** Class or name of the error that made the consumer give up. */
  errorType: string;
  /** Message of that error. */
  errorMessage: string;
  /**
   * Stack trace of that error, with its causes; null when unavailable.
   * @default null
   */
  errorStack: string | null;
  /**
   * Why the record was dead-lettered, one of: retriable (failed on every attempt with an error
   * that could pass), fatal (an error that retrying cannot fix), undecodable (the bytes could
   * not be read as the topic's schema).
   */
  classification: string;
  /** Times the consumer tried to process the record, the first try included. */
  attempts: number;
  /** When the consumer gave up, in milliseconds since the Unix epoch. */
  failedAt: number;
}

/** One Kafka record header, in its original order; a key may repeat. */
export interface DeadLetterHeader {
  /** Header name. */
  key: string;
  /**
   * Header value, untouched; null when the header had no value.
   * @default null
   */
  value: Buffer | null;
}

/** Name of every event type; each has its own topic and schema. */
export type EventType =
  | 'GoalSubmitted'
  | 'GoalCancelRequested'
  | 'GoalPlanned'
  | 'GoalCompleted'
  | 'GoalFailed'
  | 'TaskReady'
  | 'CallForProposals'
  | 'BidSubmitted'
  | 'TaskWaiting'
  | 'TaskAwarded'
  | 'TaskProgress'
  | 'TaskStepJournaled'
  | 'TaskOutputDelta'
  | 'TaskCompleted'
  | 'TaskFailed'
  | 'TaskEvaluated'
  | 'DecisionRequested'
  | 'TaskDecided'
  | 'AgentHeartbeat'
  | 'AgentReputation'
  | 'WorkflowChanged'
  | 'MemoryRecorded'
  | 'MemorySearchRequested'
  | 'MemorySearchCompleted'
  | 'DeadLetter';

/** The TypeScript shape of each event type. */
export interface EventMap {
  GoalSubmitted: GoalSubmitted;
  GoalCancelRequested: GoalCancelRequested;
  GoalPlanned: GoalPlanned;
  GoalCompleted: GoalCompleted;
  GoalFailed: GoalFailed;
  TaskReady: TaskReady;
  CallForProposals: CallForProposals;
  BidSubmitted: BidSubmitted;
  TaskWaiting: TaskWaiting;
  TaskAwarded: TaskAwarded;
  TaskProgress: TaskProgress;
  TaskStepJournaled: TaskStepJournaled;
  TaskOutputDelta: TaskOutputDelta;
  TaskCompleted: TaskCompleted;
  TaskFailed: TaskFailed;
  TaskEvaluated: TaskEvaluated;
  DecisionRequested: DecisionRequested;
  TaskDecided: TaskDecided;
  AgentHeartbeat: AgentHeartbeat;
  AgentReputation: AgentReputation;
  WorkflowChanged: WorkflowChanged;
  MemoryRecorded: MemoryRecorded;
  MemorySearchRequested: MemorySearchRequested;
  MemorySearchCompleted: MemorySearchCompleted;
  DeadLetter: DeadLetter;
}

/** Every event type, in topic catalog order. */
export const eventTypes: readonly EventType[] = [
  'GoalSubmitted',
  'GoalCancelRequested',
  'GoalPlanned',
  'GoalCompleted',
  'GoalFailed',
  'TaskReady',
  'CallForProposals',
  'BidSubmitted',
  'TaskWaiting',
  'TaskAwarded',
  'TaskProgress',
  'TaskStepJournaled',
  'TaskOutputDelta',
  'TaskCompleted',
  'TaskFailed',
  'TaskEvaluated',
  'DecisionRequested',
  'TaskDecided',
  'AgentHeartbeat',
  'AgentReputation',
  'WorkflowChanged',
  'MemoryRecorded',
  'MemorySearchRequested',
  'MemorySearchCompleted',
  'DeadLetter',
];

/**
 * The Avro schema of each event, self-contained: shared types such as the envelope are inlined
 * at their first use, and docs, defaults and logical types are kept, so the schema registry
 * holds the whole contract under each topic's value subject.
 */
export const eventSchemas: Record<EventType, object> = {
  GoalSubmitted: {
    type: 'record',
    name: 'GoalSubmitted',
    namespace: 'io.agora.events',
    doc: "A goal was submitted for the platform to achieve. Starts a goal's life: the envelope's goalId, assigned by the submitter, correlates every later event of the goal.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set.',
      },
      {
        name: 'goal',
        type: 'string',
        doc: 'What to achieve, in natural language, as the submitter wrote it.',
      },
      {
        name: 'workflow',
        type: ['null', 'string'],
        default: null,
        doc: 'Name of a predefined workflow to plan the goal with; null lets the planner build the plan with a model.',
      },
      {
        name: 'inputs',
        type: { type: 'map', values: 'string' },
        default: {},
        doc: "Named inputs the goal's tasks can refer to, such as a document URL or a target language.",
      },
      {
        name: 'budget',
        type: {
          type: 'record',
          name: 'GoalBudget',
          doc: 'Limits the goal must stay within; the goal fails once one is exceeded. Every limit is optional.',
          fields: [
            {
              name: 'deadlineAt',
              type: ['null', { type: 'long', logicalType: 'timestamp-millis' }],
              default: null,
              doc: 'Time by which the goal must be finished, in milliseconds since the Unix epoch; null for no deadline.',
            },
            {
              name: 'maxTasks',
              type: ['null', 'int'],
              default: null,
              doc: 'Largest number of task attempts the goal may start, retries included; null for no limit.',
            },
            {
              name: 'maxCostUsd',
              type: ['null', 'double'],
              default: null,
              doc: 'Largest total cost in US dollars; null for no limit.',
            },
            {
              name: 'maxWaitMs',
              type: ['null', 'long'],
              default: null,
              doc: 'Longest any one task of the goal may wait for an agent with free capacity, in milliseconds, before the goal fails with wait_exceeded; null to let tasks wait until the deadline.',
            },
          ],
        },
        default: {
          deadlineAt: null,
          maxTasks: null,
          maxCostUsd: null,
          maxWaitMs: null,
        },
        doc: 'Limits on time, attempts and money; all unlimited by default.',
      },
      {
        name: 'submittedBy',
        type: ['null', 'string'],
        default: null,
        doc: 'Who submitted the goal (user or client id), for audit; null when anonymous.',
      },
      {
        name: 'priority',
        type: 'int',
        default: 0,
        doc: 'Scheduling priority: when the swarm is saturated, tasks of goals with a higher priority are auctioned first, and among equal priorities the task that has waited longest. 0 is normal; negative values yield to everything else.',
      },
      {
        name: 'plan',
        type: ['null', 'string'],
        default: null,
        doc: 'A task graph to run instead of a named workflow, as JSON: {"steps": [...]} with steps as in a workflow file (name, capability, dependsOn, params, maxAttempts, when), and optionally a description. The planner validates it like a workflow file; a goal whose plan is not valid fails as unplannable, naming the step and the field. Null when the goal names a workflow or lets the planner plan it; a goal sets at most one of workflow and plan.',
      },
    ],
  },
  GoalCancelRequested: {
    type: 'record',
    name: 'GoalCancelRequested',
    namespace: 'io.agora.events',
    doc: 'Someone asks for a goal to be cancelled, the Kafka way of POST /goals/{goalId}/cancel. The planner fails the goal as cancelled (GoalFailed, code cancelled, naming who and why) and tells the agents of its running tasks to stop; a request for a goal that has ended, or that the planner does not know, changes nothing.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set: the goal to cancel.',
      },
      {
        name: 'requestedBy',
        type: ['null', 'string'],
        default: null,
        doc: "Who asks, named in the goal's failure reason; null when the requester does not say.",
      },
      {
        name: 'reason',
        type: ['null', 'string'],
        default: null,
        doc: "Why, named in the goal's failure reason; null for none.",
      },
    ],
  },
  GoalPlanned: {
    type: 'record',
    name: 'GoalPlanned',
    namespace: 'io.agora.events',
    doc: 'The planner broke a goal into a graph of tasks. Tasks whose dependencies are all met become ready; the goal completes when every task has been accepted.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the GoalSubmitted event.',
      },
      {
        name: 'workflow',
        type: ['null', 'string'],
        default: null,
        doc: 'Workflow the plan was built from; null when a model built the plan or the goal carried its own (GoalSubmitted.plan).',
      },
      {
        name: 'tasks',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'PlannedTask',
            doc: 'One node of the task graph.',
            fields: [
              {
                name: 'taskId',
                type: 'string',
                doc: 'Task id, unique across all goals (not just this one) because task topics are keyed and partitioned by it.',
              },
              {
                name: 'name',
                type: 'string',
                doc: 'Short human-readable name of the step, such as summarize-sources.',
              },
              {
                name: 'capability',
                type: 'string',
                doc: 'Capability an agent must advertise to bid for the task, such as web.search or text.summarize.',
              },
              {
                name: 'dependsOn',
                type: { type: 'array', items: 'string' },
                default: [],
                doc: 'taskIds of the tasks whose accepted outputs this task needs; empty for tasks that can start at once.',
              },
              {
                name: 'input',
                type: ['null', 'string'],
                default: null,
                doc: "Input the planner fixed for the task, as JSON text; the task's input when ready is built from it, the goal's inputs and the outputs of its dependencies. Null when the planner fixed nothing.",
              },
            ],
          },
        },
        doc: 'The tasks of the plan, in an order where every task comes after its dependencies.',
      },
      {
        name: 'source',
        type: 'string',
        doc: 'How the plan was made: workflow (expanded from a predefined or registered workflow), model (generated by a language model) or inline (given with the goal, GoalSubmitted.plan).',
      },
    ],
  },
  GoalCompleted: {
    type: 'record',
    name: 'GoalCompleted',
    namespace: 'io.agora.events',
    doc: "A goal ended successfully: every task of its plan was accepted. Ends the goal's life, like GoalFailed.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the last ACCEPTED TaskEvaluated event.',
      },
      {
        name: 'output',
        type: 'string',
        doc: "The goal's result for the submitter: the accepted output of the plan's final task, as text or JSON text.",
      },
      {
        name: 'usage',
        type: {
          type: 'record',
          name: 'GoalUsage',
          namespace: 'io.agora.events',
          doc: 'What a whole goal consumed, summed over all its task attempts (failed and rejected ones included), reported when the goal ends either way.',
          fields: [
            {
              name: 'tasks',
              type: 'int',
              doc: 'Number of tasks in the plan that were started at least once.',
            },
            {
              name: 'attempts',
              type: 'int',
              doc: 'Number of task attempts, retries included; equals tasks when nothing was retried.',
            },
            {
              name: 'durationMs',
              type: 'long',
              doc: "Wall-clock time from the goal's submission to its end, in milliseconds.",
            },
            {
              name: 'inputTokens',
              type: 'long',
              doc: 'Model input tokens over all attempts.',
            },
            {
              name: 'outputTokens',
              type: 'long',
              doc: 'Model output tokens over all attempts.',
            },
            {
              name: 'costUsd',
              type: 'double',
              doc: 'Total cost in US dollars over all attempts.',
            },
          ],
        },
        doc: 'What the goal consumed.',
      },
    ],
  },
  GoalFailed: {
    type: 'record',
    name: 'GoalFailed',
    namespace: 'io.agora.events',
    doc: "A goal ended without a result. Ends the goal's life, like GoalCompleted; tasks still running are cancelled.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the event that made the goal fail.',
      },
      {
        name: 'code',
        type: 'string',
        doc: 'Machine-readable cause, one of: unplannable (no plan could be made), task_failed (a task failed and could not be retried), deadline_exceeded, budget_exceeded (maxTasks or maxCostUsd reached), cancelled (by the submitter or an operator). A string rather than an enum so new causes can be added without breaking readers.',
      },
      {
        name: 'reason',
        type: 'string',
        doc: 'What went wrong, in words a person can act on.',
      },
      {
        name: 'taskId',
        type: ['null', 'string'],
        default: null,
        doc: 'Task whose failure or rejection ended the goal; null when no single task is to blame.',
      },
      {
        name: 'usage',
        type: {
          type: 'record',
          name: 'GoalUsage',
          namespace: 'io.agora.events',
          doc: 'What a whole goal consumed, summed over all its task attempts (failed and rejected ones included), reported when the goal ends either way.',
          fields: [
            {
              name: 'tasks',
              type: 'int',
              doc: 'Number of tasks in the plan that were started at least once.',
            },
            {
              name: 'attempts',
              type: 'int',
              doc: 'Number of task attempts, retries included; equals tasks when nothing was retried.',
            },
            {
              name: 'durationMs',
              type: 'long',
              doc: "Wall-clock time from the goal's submission to its end, in milliseconds.",
            },
            {
              name: 'inputTokens',
              type: 'long',
              doc: 'Model input tokens over all attempts.',
            },
            {
              name: 'outputTokens',
              type: 'long',
              doc: 'Model output tokens over all attempts.',
            },
            {
              name: 'costUsd',
              type: 'double',
              doc: 'Total cost in US dollars over all attempts.',
            },
          ],
        },
        doc: 'What the goal consumed before failing.',
      },
    ],
  },
  TaskReady: {
    type: 'record',
    name: 'TaskReady',
    namespace: 'io.agora.events',
    doc: "A task's dependencies are met and it can be auctioned, for a first attempt or a retry after a failure or a rejected result.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task id from the plan.',
      },
      {
        name: 'name',
        type: 'string',
        doc: 'Step name from the plan.',
      },
      {
        name: 'capability',
        type: 'string',
        doc: 'Capability an agent needs to bid.',
      },
      {
        name: 'input',
        type: 'string',
        doc: "Everything the task needs, as JSON text: the planner's input merged with the goal's inputs and the outputs of the task's dependencies.",
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt number, 1 for the first; each retry increments it.',
      },
      {
        name: 'excludedAgents',
        type: { type: 'array', items: 'string' },
        default: [],
        doc: 'Agents that may not bid on this attempt, typically those whose earlier attempts failed or were rejected.',
      },
      {
        name: 'feedback',
        type: ['null', 'string'],
        default: null,
        doc: "The evaluator's feedback on the previous attempt when it was rejected, for the next agent to act on; null on a first attempt or after a plain failure.",
      },
      {
        name: 'priority',
        type: 'int',
        default: 0,
        doc: "The goal's priority: while agents are busy, waiting tasks are auctioned in order of priority, then of age.",
      },
      {
        name: 'deadlineAt',
        type: ['null', { type: 'long', logicalType: 'timestamp-millis' }],
        default: null,
        doc: "The goal's deadline, in milliseconds since the Unix epoch; null for none. The planner fails the goal once it passes.",
      },
      {
        name: 'maxWaitMs',
        type: ['null', 'long'],
        default: null,
        doc: 'Longest this attempt may wait for an agent with free capacity before it fails with wait_exceeded; null to wait as long as the goal allows.',
      },
    ],
  },
  CallForProposals: {
    type: 'record',
    name: 'CallForProposals',
    namespace: 'io.agora.events',
    doc: 'The auctioneer invites agents with the right capability to bid for a task (Contract-Net call for proposals). The invited agents answer with a bid or a refusal; the round closes once all have answered, shortly after a first acceptable bid, or at the deadline.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the TaskReady event (or the previous call when a new round opens).',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task being auctioned.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt being auctioned, from TaskReady.',
      },
      {
        name: 'round',
        type: 'int',
        doc: 'Auction round within the attempt, from 1; a new round opens when the previous one closed without an acceptable bid and capacity appears again.',
      },
      {
        name: 'capability',
        type: 'string',
        doc: 'Capability a bidder must have.',
      },
      {
        name: 'taskName',
        type: 'string',
        doc: 'Step name, so agents can judge whether to bid.',
      },
      {
        name: 'inputSummary',
        type: ['null', 'string'],
        default: null,
        doc: 'Short, possibly truncated description of the input, to help agents estimate cost and duration without receiving the full input before the award; null when there is nothing useful to say.',
      },
      {
        name: 'bidDeadline',
        type: { type: 'long', logicalType: 'timestamp-millis' },
        doc: 'When the round may close without waiting for more answers, in milliseconds since the Unix epoch. Answers that arrive while the round is still open count even if sent later; the auctioneer closes a round at its deadline only once it has read every answer sent before it.',
      },
      {
        name: 'excludedAgents',
        type: { type: 'array', items: 'string' },
        default: [],
        doc: 'Agents whose bids will be ignored, from TaskReady; they need not answer.',
      },
      {
        name: 'invitedAgents',
        type: { type: 'array', items: 'string' },
        default: [],
        doc: 'Agents asked to answer: live, with the capability, not excluded and with a free slot when the call went out. Other agents need not answer. Empty means an open call that any agent with the capability may answer.',
      },
    ],
  },
  BidSubmitted: {
    type: 'record',
    name: 'BidSubmitted',
    namespace: 'io.agora.events',
    doc: "An agent's answer to a call for proposals: a bid with its price and estimates, or a refusal. Keyed by taskId like the call, so one consumer sees a task's call and all its bids in order.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the CallForProposals event.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task bid for.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt bid for, copied from the call so late bids for an earlier attempt can be told apart.',
      },
      {
        name: 'round',
        type: 'int',
        doc: 'Round bid for, copied from the call so late bids for an earlier round can be told apart.',
      },
      {
        name: 'agentId',
        type: 'string',
        doc: 'Agent answering.',
      },
      {
        name: 'decision',
        type: {
          type: 'enum',
          name: 'BidDecision',
          doc: 'Whether the agent offers to do the task. An unknown future symbol reads as REFUSE, so a task is never awarded on an answer the reader does not understand.',
          symbols: ['BID', 'REFUSE'],
          default: 'REFUSE',
        },
        doc: 'BID to offer to do the task, REFUSE to decline it explicitly so the round can close without waiting for the deadline.',
      },
      {
        name: 'cost',
        type: ['null', 'double'],
        default: null,
        doc: 'Price asked in US dollars; 0 for a free agent, null when refusing.',
      },
      {
        name: 'estimatedDurationMs',
        type: ['null', 'long'],
        default: null,
        doc: 'Time the agent expects to need, in milliseconds; null when refusing or unknown.',
      },
      {
        name: 'confidence',
        type: ['null', 'double'],
        default: null,
        doc: "Agent's own estimate, from 0 to 1, that its result will be accepted; null when refusing or unknown.",
      },
      {
        name: 'load',
        type: 'double',
        doc: "Share of the agent's capacity in use when it answered, from 0 (idle) to 1 (full); sent with refusals too, so the auctioneer learns about load either way.",
      },
      {
        name: 'refusalReason',
        type: ['null', 'string'],
        default: null,
        doc: 'Why the agent refused, for operators; null when bidding.',
      },
      {
        name: 'incarnation',
        type: 'string',
        default: '',
        doc: "Run of the agent's process that answered; it changes on every restart. The award names it, so only that run works on the task. Empty when the agent does not say.",
      },
    ],
  },
  TaskWaiting: {
    type: 'record',
    name: 'TaskWaiting',
    namespace: 'io.agora.events',
    doc: "A task attempt is waiting for capacity: no agent with its capability is live with a free slot, or none answered the last call. The auctioneer calls for bids again as soon as capacity appears; only the goal's deadline or budget, or the attempt's maxWaitMs, end the wait. Published when the wait starts and whenever its reason changes.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the TaskReady event or the call whose round closed without an award.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task that is waiting.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt that is waiting.',
      },
      {
        name: 'capability',
        type: 'string',
        doc: 'Capability the task needs.',
      },
      {
        name: 'reason',
        type: 'string',
        doc: "Why it waits, in words a person can act on, such as: 2 agents have capability 'classify' and all are busy (6 of 6 slots).",
      },
      {
        name: 'waitingSince',
        type: { type: 'long', logicalType: 'timestamp-millis' },
        doc: 'When this attempt started waiting, in milliseconds since the Unix epoch.',
      },
      {
        name: 'capableAgents',
        type: 'int',
        doc: 'Agents that have declared the capability, live or not.',
      },
      {
        name: 'liveAgents',
        type: 'int',
        doc: 'Of those, agents that are live and not excluded from the attempt.',
      },
      {
        name: 'freeSlots',
        type: 'int',
        doc: 'Free task slots among the live agents with the capability, as the auctioneer counts them (awards not yet finished included).',
      },
    ],
  },
  TaskAwarded: {
    type: 'record',
    name: 'TaskAwarded',
    namespace: 'io.agora.events',
    doc: 'The auctioneer gave a task attempt to the best bidder, under a lease. The winner must renew the lease with TaskProgress or finish before it expires, otherwise the attempt fails with lease_expired.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the winning BidSubmitted event.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task awarded.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt awarded.',
      },
      {
        name: 'round',
        type: 'int',
        doc: 'Auction round the winning bid belonged to.',
      },
      {
        name: 'taskName',
        type: 'string',
        doc: 'Step name from the plan.',
      },
      {
        name: 'capability',
        type: 'string',
        doc: 'Capability the winner is to use.',
      },
      {
        name: 'agentId',
        type: 'string',
        doc: 'The winner, the only agent allowed to work on this attempt.',
      },
      {
        name: 'leaseExpiresAt',
        type: { type: 'long', logicalType: 'timestamp-millis' },
        doc: "When the lease lapses, in milliseconds since the Unix epoch. The lease length the winner should renew by is leaseExpiresAt minus the envelope's occurredAt.",
      },
      {
        name: 'score',
        type: 'double',
        doc: 'Score that made the winning bid best, higher is better; kept to explain awards.',
      },
      {
        name: 'bidders',
        type: { type: 'array', items: 'string' },
        doc: 'Every agent that bid in the winning round, winner included, to explain awards.',
      },
      {
        name: 'input',
        type: 'string',
        doc: "The task's full input as JSON text, from TaskReady. The award carries it rather than the call, because only the winner needs it and inputs can be large.",
      },
      {
        name: 'feedback',
        type: ['null', 'string'],
        default: null,
        doc: 'Evaluator feedback on the previous, rejected attempt, from TaskReady, for the winner to act on; null otherwise.',
      },
      {
        name: 'incarnation',
        type: 'string',
        default: '',
        doc: "Run of the winning agent's process the award is for (from its bid); another run of the same agent, such as one restarted since, ignores the award. Empty when the agent does not say.",
      },
      {
        name: 'scores',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'BidScore',
            doc: 'One bid of the winning round as the auctioneer scored it.',
            fields: [
              {
                name: 'agentId',
                type: 'string',
                doc: 'The bidder.',
              },
              {
                name: 'score',
                type: 'double',
                doc: "Its score, higher is better; the winner's is score.",
              },
            ],
          },
        },
        default: [],
        doc: 'Every counted bid of the winning round with its score, best first, to explain awards; empty from auctioneers that do not say.',
      },
    ],
  },
  TaskProgress: {
    type: 'record',
    name: 'TaskProgress',
    namespace: 'io.agora.events',
    doc: 'The agent working on a task reports that it is alive and how far it got. Each progress event renews the lease.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the TaskAwarded event.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task being worked on.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt being worked on; progress for any other attempt is stale and ignored.',
      },
      {
        name: 'agentId',
        type: 'string',
        doc: "Agent reporting; progress from an agent other than the attempt's winner is ignored.",
      },
      {
        name: 'progress',
        type: ['null', 'double'],
        default: null,
        doc: 'Fraction done, from 0 to 1; null when the agent cannot tell.',
      },
      {
        name: 'message',
        type: ['null', 'string'],
        default: null,
        doc: 'What the agent is doing now, for people watching; null when there is nothing new.',
      },
      {
        name: 'leaseExpiresAt',
        type: { type: 'long', logicalType: 'timestamp-millis' },
        doc: "New expiry of the lease, in milliseconds since the Unix epoch, normally the report's time plus the lease length of the award.",
      },
    ],
  },
  TaskStepJournaled: {
    type: 'record',
    name: 'TaskStepJournaled',
    namespace: 'io.agora.events',
    doc: "One step of a model-driven agent's attempt, recorded before the attempt goes on: a model call (the model's whole turn), a tool call about to be made, or the result handed back to the model. A later attempt of the same task reads the journal of the one before and replays its steps instead of calling the model and the tools again.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the TaskAwarded event of the attempt.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task of the attempt.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt that recorded the step.',
      },
      {
        name: 'agentId',
        type: 'string',
        doc: 'Agent working on the attempt.',
      },
      {
        name: 'seq',
        type: 'int',
        doc: "Position of the step in the attempt's journal, from 1, without gaps.",
      },
      {
        name: 'kind',
        type: 'string',
        doc: 'model_call (the model answered: result holds its turn), tool_call (a tool is about to be called: name, callId, arguments) or tool_result (what was handed back to the model for that call: result). A string rather than an enum so new kinds can be added without breaking readers.',
      },
      {
        name: 'name',
        type: ['null', 'string'],
        default: null,
        doc: "The tool's name for tool steps; the model, as provider/model, for model calls.",
      },
      {
        name: 'callId',
        type: ['null', 'string'],
        default: null,
        doc: "The model's id of the tool call, for tool steps; null for model calls.",
      },
      {
        name: 'arguments',
        type: ['null', 'string'],
        default: null,
        doc: "The tool call's arguments as a JSON object, for tool calls; null otherwise.",
      },
      {
        name: 'result',
        type: ['null', 'string'],
        default: null,
        doc: 'For a model call, its turn as JSON: {"text", "toolCalls": [{"id", "name", "arguments"}]}; for a tool result, the text the model was given (an error as {"error": …}); null for tool calls.',
      },
      {
        name: 'requestHash',
        type: ['null', 'string'],
        default: null,
        doc: 'For a model call, the SHA-256 (hex) of the request it answered (system prompt, messages and tool names): a replay uses the turn only for an identical request.',
      },
      {
        name: 'usage',
        type: [
          'null',
          {
            type: 'record',
            name: 'Usage',
            namespace: 'io.agora.events',
            doc: "Resources one task attempt consumed, as reported by the agent that worked on it. Failed attempts report usage too, because they spend the goal's budget as well.",
            fields: [
              {
                name: 'durationMs',
                type: 'long',
                doc: 'Wall-clock time the agent spent on the attempt, from award to result, in milliseconds.',
              },
              {
                name: 'inputTokens',
                type: 'long',
                default: 0,
                doc: 'Model input (prompt) tokens consumed; 0 when no model was called.',
              },
              {
                name: 'outputTokens',
                type: 'long',
                default: 0,
                doc: 'Model output (completion) tokens produced; 0 when no model was called.',
              },
              {
                name: 'costUsd',
                type: 'double',
                default: 0,
                doc: "What the attempt cost in US dollars: model calls plus the agent's own price.",
              },
              {
                name: 'model',
                type: ['null', 'string'],
                default: null,
                doc: 'Model that did the work, as provider/model; null when no model was called. When several were, the main one, and the token counts are totals.',
              },
            ],
          },
        ],
        default: null,
        doc: "For a model call, its duration, tokens, cost and model; for a tool result, the tool's duration; null for tool calls. A replayed step carries the usage of the attempt that did it (see replayedFrom): it was spent once, then.",
      },
      {
        name: 'replayedFrom',
        type: ['null', 'int'],
        default: null,
        doc: 'The attempt that did this step, when this attempt replayed it from the journal instead of doing it; null when this attempt did it.',
      },
      {
        name: 'visibility',
        type: ['null', 'string'],
        default: null,
        doc: "The most the attempt could quote from memory when the step was done, one of public < internal < restricted: the stricter of the step's params.quote and the agent's memory.maxVisibility. An attempt allowed less never replays a tool result done under more: it makes that call again under its own bound. Null for steps recorded before the field existed, which count as restricted.",
      },
    ],
  },
  TaskOutputDelta: {
    type: 'record',
    name: 'TaskOutputDelta',
    namespace: 'io.agora.events',
    doc: "A piece of the text a model-driven agent's model is producing for a task, published as it comes (a few pieces a second at most) for people watching the goal. A live view only: the journal (TaskStepJournaled) holds each complete model turn and TaskCompleted the result; a reader that misses pieces loses nothing else.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the TaskAwarded event of the attempt.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task the text is produced for.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt producing it.',
      },
      {
        name: 'agentId',
        type: 'string',
        doc: 'Agent working on the attempt.',
      },
      {
        name: 'seq',
        type: 'int',
        doc: "Position of the piece in the attempt's stream, from 1, without gaps: a reader sees a missed or repeated piece.",
      },
      {
        name: 'turn',
        type: 'int',
        doc: "The model turn of the attempt the text belongs to, from 1 (a turn that calls tools may say something first; the final answer is the last turn's text).",
      },
      {
        name: 'text',
        type: 'string',
        doc: 'The text, as the model produced it since the previous piece.',
      },
    ],
  },
  TaskCompleted: {
    type: 'record',
    name: 'TaskCompleted',
    namespace: 'io.agora.events',
    doc: 'The winning agent finished a task attempt and delivered its output. The output still has to be evaluated: only an ACCEPTED TaskEvaluated makes it usable by dependent tasks.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the TaskAwarded event.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task finished.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt finished.',
      },
      {
        name: 'agentId',
        type: 'string',
        doc: 'Agent that did the work.',
      },
      {
        name: 'capability',
        type: 'string',
        doc: 'Capability used, so the evaluator can judge and the reputation be updated without looking up the award.',
      },
      {
        name: 'output',
        type: 'string',
        doc: 'The result as JSON text.',
      },
      {
        name: 'usage',
        type: {
          type: 'record',
          name: 'Usage',
          namespace: 'io.agora.events',
          doc: "Resources one task attempt consumed, as reported by the agent that worked on it. Failed attempts report usage too, because they spend the goal's budget as well.",
          fields: [
            {
              name: 'durationMs',
              type: 'long',
              doc: 'Wall-clock time the agent spent on the attempt, from award to result, in milliseconds.',
            },
            {
              name: 'inputTokens',
              type: 'long',
              default: 0,
              doc: 'Model input (prompt) tokens consumed; 0 when no model was called.',
            },
            {
              name: 'outputTokens',
              type: 'long',
              default: 0,
              doc: 'Model output (completion) tokens produced; 0 when no model was called.',
            },
            {
              name: 'costUsd',
              type: 'double',
              default: 0,
              doc: "What the attempt cost in US dollars: model calls plus the agent's own price.",
            },
            {
              name: 'model',
              type: ['null', 'string'],
              default: null,
              doc: 'Model that did the work, as provider/model; null when no model was called. When several were, the main one, and the token counts are totals.',
            },
          ],
        },
        doc: 'Resources the attempt consumed.',
      },
    ],
  },
  TaskFailed: {
    type: 'record',
    name: 'TaskFailed',
    namespace: 'io.agora.events',
    doc: "A task attempt ended without output: the agent gave up or crashed, its lease lapsed, nobody could take it, or it was cancelled. Whether to retry is decided from retriable and the goal's budget.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task that failed.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt that failed.',
      },
      {
        name: 'agentId',
        type: ['null', 'string'],
        default: null,
        doc: 'Agent the attempt was awarded to; null when nobody was awarded (unallocatable, or cancelled before the award).',
      },
      {
        name: 'capability',
        type: 'string',
        doc: "Capability the task needed, so the failure can count against the agent's reputation for that capability.",
      },
      {
        name: 'code',
        type: 'string',
        doc: "Machine-readable cause, one of: error (the agent failed while working), timeout (the agent gave up at its own time limit), unallocatable (no agent has ever declared the capability), wait_exceeded (no agent with the capability had a free slot within the goal's maxWaitMs), cancelled (the goal was cancelled or already failed), lease_expired (no progress or result before the lease lapsed), released (the agent's process stopped or restarted before finishing: not the agent's fault, so the retry neither excludes it nor counts against maxAttempts). A string rather than an enum so new causes can be added without breaking readers.",
      },
      {
        name: 'reason',
        type: 'string',
        doc: 'What went wrong, in words a person can act on.',
      },
      {
        name: 'retriable',
        type: 'boolean',
        doc: 'Whether another attempt, possibly by another agent, could succeed; false for failures that will repeat, such as invalid input.',
      },
      {
        name: 'usage',
        type: [
          'null',
          {
            type: 'record',
            name: 'Usage',
            namespace: 'io.agora.events',
            doc: "Resources one task attempt consumed, as reported by the agent that worked on it. Failed attempts report usage too, because they spend the goal's budget as well.",
            fields: [
              {
                name: 'durationMs',
                type: 'long',
                doc: 'Wall-clock time the agent spent on the attempt, from award to result, in milliseconds.',
              },
              {
                name: 'inputTokens',
                type: 'long',
                default: 0,
                doc: 'Model input (prompt) tokens consumed; 0 when no model was called.',
              },
              {
                name: 'outputTokens',
                type: 'long',
                default: 0,
                doc: 'Model output (completion) tokens produced; 0 when no model was called.',
              },
              {
                name: 'costUsd',
                type: 'double',
                default: 0,
                doc: "What the attempt cost in US dollars: model calls plus the agent's own price.",
              },
              {
                name: 'model',
                type: ['null', 'string'],
                default: null,
                doc: 'Model that did the work, as provider/model; null when no model was called. When several were, the main one, and the token counts are totals.',
              },
            ],
          },
        ],
        default: null,
        doc: "Resources the attempt consumed before failing, charged to the goal's budget; null when the agent never started or could not report.",
      },
    ],
  },
  TaskEvaluated: {
    type: 'record',
    name: 'TaskEvaluated',
    namespace: 'io.agora.events',
    doc: "The evaluator judged a completed task attempt. An ACCEPTED output unlocks dependent tasks; a REJECTED one leads to a retry with the feedback, or to the goal's failure when the budget is spent.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set and causationId is the TaskCompleted event.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task evaluated.',
      },
      {
        name: 'attempt',
        type: 'int',
        doc: 'Attempt evaluated.',
      },
      {
        name: 'agentId',
        type: 'string',
        doc: 'Agent whose output was judged; its reputation for the capability moves with the score.',
      },
      {
        name: 'capability',
        type: 'string',
        doc: 'Capability the output was produced with.',
      },
      {
        name: 'verdict',
        type: {
          type: 'enum',
          name: 'Verdict',
          doc: 'Outcome of an evaluation. An unknown future symbol reads as REJECTED, so an output is never used on a verdict the reader does not understand.',
          symbols: ['ACCEPTED', 'REJECTED'],
          default: 'REJECTED',
        },
        doc: 'Whether the output is good enough to use.',
      },
      {
        name: 'score',
        type: 'double',
        doc: 'Quality of the output, from 0 (useless) to 1 (perfect), whatever the verdict.',
      },
      {
        name: 'feedback',
        type: 'string',
        doc: 'Explanation of the verdict; on rejection, what the next attempt must do better.',
      },
    ],
  },
  DecisionRequested: {
    type: 'record',
    name: 'DecisionRequested',
    namespace: 'io.agora.events',
    doc: "An approval step is waiting for a person's decision. The planner serves the step itself (it is never auctioned) and publishes this when the wait starts, so consoles and tools can show what waits for whom; the decision comes back through the planner's REST API (POST /goals/{goalId}/tasks/{taskName}/decision) and ends as TaskDecided.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: "Event metadata; goalId is always set and causationId is the event that finished the step's last dependency.",
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task that waits, `<goalId>/<taskName>`.',
      },
      {
        name: 'taskName',
        type: 'string',
        doc: "The step's name, as the decision's URL and `agora approve|reject` take it.",
      },
      {
        name: 'prompt',
        type: ['null', 'string'],
        default: null,
        doc: "What the person is asked, from the step's params; null when the step does not say.",
      },
      {
        name: 'dueAt',
        type: { type: 'long', logicalType: 'timestamp-millis' },
        doc: 'When the step decides by itself, as its onTimeout says, in milliseconds since the Unix epoch.',
      },
      {
        name: 'onTimeout',
        type: 'string',
        doc: 'What the step decides if nobody has by dueAt: approve or reject.',
      },
    ],
  },
  TaskDecided: {
    type: 'record',
    name: 'TaskDecided',
    namespace: 'io.agora.events',
    doc: "An approval step was decided: by a person through the planner's REST API or the CLI, or by the step's onTimeout when nobody decided in time. An approval lets the goal go on; a rejection fails it as not_approved (its GoalFailed follows).",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is always set.',
      },
      {
        name: 'taskId',
        type: 'string',
        doc: 'Task that was decided, `<goalId>/<taskName>`.',
      },
      {
        name: 'taskName',
        type: 'string',
        doc: "The step's name.",
      },
      {
        name: 'decision',
        type: 'string',
        doc: 'approve or reject. A string rather than an enum so new kinds of decision can be added without breaking readers.',
      },
      {
        name: 'decidedBy',
        type: ['null', 'string'],
        default: null,
        doc: 'Who decided, as they named themselves; null when they did not say, or when the step timed out.',
      },
      {
        name: 'comment',
        type: ['null', 'string'],
        default: null,
        doc: "The person's comment, or the note of a timeout; null when there is none.",
      },
      {
        name: 'timedOut',
        type: 'boolean',
        default: false,
        doc: "True when nobody decided by dueAt and the step's onTimeout decided.",
      },
    ],
  },
  AgentHeartbeat: {
    type: 'record',
    name: 'AgentHeartbeat',
    namespace: 'io.agora.events',
    doc: 'An executor agent announces itself and its state at a regular interval. The topic is compacted by agentId, so the latest heartbeat of every agent is the live roster; an agent silent for a few intervals counts as offline even if its last status says otherwise.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is null, heartbeats belong to no goal.',
      },
      {
        name: 'agentId',
        type: 'string',
        doc: 'Stable id of the agent, the same across restarts so its reputation follows it.',
      },
      {
        name: 'capabilities',
        type: { type: 'array', items: 'string' },
        doc: 'Capabilities the agent can bid with, such as web.search.',
      },
      {
        name: 'capacity',
        type: 'int',
        doc: 'Largest number of tasks the agent works on at once.',
      },
      {
        name: 'activeTasks',
        type: 'int',
        doc: 'Tasks the agent is working on now, from 0 to capacity.',
      },
      {
        name: 'status',
        type: {
          type: 'enum',
          name: 'AgentStatus',
          doc: 'Lifecycle state of an agent. An unknown future symbol reads as OFFLINE, so no work is sent to an agent in a state the reader does not understand.',
          symbols: ['ONLINE', 'DRAINING', 'OFFLINE'],
          default: 'OFFLINE',
        },
        doc: 'ONLINE takes new work; DRAINING finishes its tasks but bids for no new ones; OFFLINE has stopped (sent once on a clean shutdown).',
      },
      {
        name: 'intervalMs',
        type: 'int',
        doc: 'Milliseconds until the next heartbeat, so readers know when to consider the agent gone.',
      },
      {
        name: 'costPerTaskUsd',
        type: ['null', 'double'],
        default: null,
        doc: 'Indicative price per task in US dollars, for dashboards and planning; bids carry the actual price. Null when the agent has no list price.',
      },
      {
        name: 'incarnation',
        type: 'string',
        default: '',
        doc: "Run of the agent's process; it changes on every restart. A heartbeat with a new incarnation ends the leases held by earlier runs at once, instead of when they lapse. Empty when the agent does not say.",
      },
      {
        name: 'allowedCommands',
        type: { type: 'array', items: 'string' },
        default: [],
        doc: "Commands the agent runs for a step's params.command: its executor's shell allow-list (SHELL_ALLOWLIST). An entry allows exactly that command, spaces normalised; an entry ending in ' *' allows its words followed by any arguments. The planner refuses a plan with a command no live agent of the step's capability allows. Empty when the agent runs no commands, or does not say.",
      },
      {
        name: 'allowedHosts',
        type: { type: 'array', items: 'string' },
        default: [],
        doc: "Hosts the agent fetches a step's params.url from: its executor's HTTP allow-list (HTTP_ALLOWLIST). An entry 'host' allows that host on the scheme's default port, 'host:port' that port. The planner refuses a plan with a URL no live agent of the step's capability allows. Empty when the agent fetches nothing, or does not say.",
      },
    ],
  },
  AgentReputation: {
    type: 'record',
    name: 'AgentReputation',
    namespace: 'io.agora.events',
    doc: "An agent's current reputation, recomputed after each evaluation or failure. The topic is compacted by agentId and keeps only the latest record per agent, so each record carries every capability of the agent, not just the one that changed.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is null, reputation spans goals. causationId is the evaluation or failure that triggered the update.',
      },
      {
        name: 'agentId',
        type: 'string',
        doc: 'Agent described.',
      },
      {
        name: 'capabilities',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'CapabilityReputation',
            doc: 'How well an agent has done with one capability.',
            fields: [
              {
                name: 'capability',
                type: 'string',
                doc: 'Capability the figures are for.',
              },
              {
                name: 'score',
                type: 'double',
                doc: 'Reputation from 0 (never good) to 1 (always good), weighing recent evaluations more; auctions use it to rank bids.',
              },
              {
                name: 'samples',
                type: 'int',
                doc: 'Evaluations the score is based on; a low count means the score says little yet.',
              },
              {
                name: 'failures',
                type: 'int',
                doc: 'Attempts that failed with the agent at fault (error, timeout, lease_expired), which no evaluation saw.',
              },
            ],
          },
        },
        doc: 'One entry per capability the agent has been evaluated or has failed on; a capability missing here has no record yet.',
      },
    ],
  },
  WorkflowChanged: {
    type: 'record',
    name: 'WorkflowChanged',
    namespace: 'io.agora.events',
    doc: "A workflow was registered through a planner's REST API (POST /workflows), replaced, or removed (DELETE /workflows/{name}). The topic is compacted by name: the latest record of each name is that workflow's state, so every planner replica rebuilds the registered workflows by reading the topic from the start. Removal is a record with a null definition rather than a Kafka tombstone, so it says who removed the workflow and when, and readers need no special case for a value-less record.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is null, workflows belong to no goal. occurredAt is when the workflow was registered or removed.',
      },
      {
        name: 'name',
        type: 'string',
        doc: "Name of the workflow, as goals name it: lower-case letters, digits and dashes. The record's key.",
      },
      {
        name: 'definition',
        type: ['null', 'string'],
        default: null,
        doc: 'The workflow as JSON, in the shape of a workflow YAML file (name, description, steps), as the planner validated it, defaults filled in; its name equals the name field. Null when the workflow was removed. Readers validate it again and ignore (dead-letter) one they cannot use.',
      },
      {
        name: 'changedBy',
        type: ['null', 'string'],
        default: null,
        doc: 'Who registered or removed the workflow (user or client id, as the request said), for audit; null when not said.',
      },
    ],
  },
  MemoryRecorded: {
    type: 'record',
    name: 'MemoryRecorded',
    namespace: 'io.agora.events',
    doc: 'Memory stored an item that later goals and tasks can recall. The event announces and describes the item; the content itself stays in the memory store, which is read by itemId.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is the goal the item came from, null for knowledge added outside any goal.',
      },
      {
        name: 'itemId',
        type: 'string',
        doc: 'Id of the item in the memory store; recording the same id again replaces the item.',
      },
      {
        name: 'kind',
        type: 'string',
        doc: 'What the item is, one of: goal (a goal with its outcome), task_result (an accepted task output), evaluation (a verdict and its feedback), knowledge (a document or fact added on purpose). A string rather than an enum so new kinds can be added without breaking readers.',
      },
      {
        name: 'taskId',
        type: ['null', 'string'],
        default: null,
        doc: 'Task the item came from; null for items not tied to a task.',
      },
      {
        name: 'title',
        type: ['null', 'string'],
        default: null,
        doc: 'Short human-readable title, for listings; null when the item has none.',
      },
      {
        name: 'source',
        type: ['null', 'string'],
        default: null,
        doc: 'Where the content came from, as a URI or a path; null when it was produced inside the platform.',
      },
      {
        name: 'tags',
        type: { type: 'array', items: 'string' },
        default: [],
        doc: 'Free-form labels to filter recall by, such as a capability or a topic.',
      },
      {
        name: 'visibility',
        type: 'string',
        default: 'internal',
        doc: 'Who may be quoted the item, one of the ordered levels public < internal < restricted: public to anyone (customers included), internal to staff only, restricted only to a step or agent that asks for it. A string rather than an enum so levels can be added; items announced before the field existed are internal.',
      },
    ],
  },
  MemorySearchRequested: {
    type: 'record',
    name: 'MemorySearchRequested',
    namespace: 'io.agora.events',
    doc: 'An agent or service asks memory for items: a ranked search by text, or specific items by id. Memory answers with MemorySearchCompleted carrying the same requestId.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId is the goal the search is made for, null outside any goal.',
      },
      {
        name: 'requestId',
        type: 'string',
        doc: 'Id the requester picks (a UUID) to match the answer to this request.',
      },
      {
        name: 'requester',
        type: 'string',
        doc: 'Who asks (an agent id or a service name); answers are read by every requester, which keeps only its own.',
      },
      {
        name: 'query',
        type: 'string',
        doc: 'Text to search for; empty when only itemIds are asked for.',
      },
      {
        name: 'k',
        type: 'int',
        default: 5,
        doc: 'Most hits to return, best first.',
      },
      {
        name: 'scopeGoalId',
        type: ['null', 'string'],
        default: null,
        doc: 'Only items that came from this goal, plus knowledge added outside any goal; null searches everything.',
      },
      {
        name: 'kinds',
        type: { type: 'array', items: 'string' },
        default: [],
        doc: "Only items of these kinds (goal, task_result, evaluation, knowledge); empty for every kind. Research steps ask for knowledge, so a goal's own earlier results do not crowd out the documents.",
      },
      {
        name: 'itemIds',
        type: { type: 'array', items: 'string' },
        default: [],
        doc: 'Items to return by id, in full, regardless of the query (for checking citations); empty for a plain search.',
      },
      {
        name: 'maxVisibility',
        type: ['null', 'string'],
        default: null,
        doc: "The most the requester may quote, one of public < internal < restricted: items of a higher visibility are neither found nor returned by id. Null for memory's default, internal.",
      },
      {
        name: 'minScore',
        type: ['null', 'double'],
        default: null,
        doc: "Hits scoring below this (0 to 1) are left out, so a search for something memory does not hold returns nothing; null for memory's default (MEMORY_MIN_SCORE). Not applied to items asked for by id.",
      },
    ],
  },
  MemorySearchCompleted: {
    type: 'record',
    name: 'MemorySearchCompleted',
    namespace: 'io.agora.events',
    doc: "Memory's answer to a MemorySearchRequested: the matching items, best first, or the reason there are none.",
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: "Event metadata; causationId is the request's eventId and goalId the request's goalId.",
      },
      {
        name: 'requestId',
        type: 'string',
        doc: 'The requestId of the request this answers.',
      },
      {
        name: 'requester',
        type: 'string',
        doc: 'The requester named in the request, so others skip the answer without reading the hits.',
      },
      {
        name: 'hits',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'MemoryHit',
            doc: 'One item found in memory.',
            fields: [
              {
                name: 'itemId',
                type: 'string',
                doc: 'Id of the item in the memory store; cite it to refer to the item.',
              },
              {
                name: 'kind',
                type: 'string',
                doc: 'What the item is: goal, task_result, evaluation or knowledge.',
              },
              {
                name: 'title',
                type: ['null', 'string'],
                default: null,
                doc: 'Title of the item, when it has one.',
              },
              {
                name: 'source',
                type: ['null', 'string'],
                default: null,
                doc: 'Where the item came from (a URL or a file path), when known.',
              },
              {
                name: 'content',
                type: 'string',
                doc: 'Text of the item: all of it when asked for by id, otherwise the passage that matched best.',
              },
              {
                name: 'score',
                type: 'double',
                doc: "Relevance from 0 to 1, on the same scale in every search: the weighted mean of the share of the query's words the item holds and the vector similarity; 1 for items asked for by id.",
              },
              {
                name: 'visibility',
                type: 'string',
                default: 'internal',
                doc: "Who may be quoted the item: public, internal or restricted (see MemoryRecorded.visibility); never above the request's maxVisibility.",
              },
            ],
          },
        },
        default: [],
        doc: 'Items found, best first; empty when nothing matched or the search failed.',
      },
      {
        name: 'error',
        type: ['null', 'string'],
        default: null,
        doc: 'Why the search failed, for a person to read; null when it succeeded (even with no hits).',
      },
    ],
  },
  DeadLetter: {
    type: 'record',
    name: 'DeadLetter',
    namespace: 'io.agora.events',
    doc: 'A consumer gave up on a record: it could not be decoded, failed with a fatal error, or kept failing with a retriable one. The original key, value and headers are kept byte for byte so the record can be inspected and replayed to its topic.',
    fields: [
      {
        name: 'envelope',
        type: {
          type: 'record',
          name: 'Envelope',
          namespace: 'io.agora.events',
          doc: 'Metadata carried as the first field of every event: identity, time, correlation, causation and origin. W3C trace context (traceparent, tracestate) is deliberately not part of the envelope: it travels in Kafka record headers, so tracing can change without a schema change and tools can follow a trace without decoding Avro.',
          fields: [
            {
              name: 'eventId',
              type: { type: 'string', logicalType: 'uuid' },
              doc: 'Unique id of this event, a random UUID. Delivery is at least once, so consumers deduplicate on it.',
            },
            {
              name: 'occurredAt',
              type: { type: 'long', logicalType: 'timestamp-millis' },
              doc: 'When the producer created the event, in milliseconds since the Unix epoch (UTC).',
            },
            {
              name: 'goalId',
              type: ['null', 'string'],
              default: null,
              doc: 'Correlation id: the goal this event belongs to. Null only for events outside any goal, such as agent heartbeats, reputation updates, knowledge recorded on its own and dead letters of unknown origin.',
            },
            {
              name: 'causationId',
              type: ['null', { type: 'string', logicalType: 'uuid' }],
              default: null,
              doc: 'eventId of the event that caused this one. Null when the cause is outside Kafka: a request to the API, a timer, an operator.',
            },
            {
              name: 'producer',
              type: {
                type: 'record',
                name: 'Producer',
                namespace: 'io.agora.events',
                doc: 'The service instance that produced an event, so an odd event can be traced back to the code that wrote it.',
                fields: [
                  {
                    name: 'service',
                    type: 'string',
                    doc: "Logical service name, stable across releases and replicas: planner, auctioneer, evaluator, memory, or an executor agent's id.",
                  },
                  {
                    name: 'version',
                    type: 'string',
                    doc: 'Version of the producing build (semver or git commit), to tell which release wrote an event when behaviour changes between releases.',
                  },
                ],
              },
              doc: 'The service that produced the event.',
            },
          ],
        },
        doc: 'Event metadata; goalId and causationId are copied from the original event when it could be decoded, otherwise null.',
      },
      {
        name: 'sourceTopic',
        type: 'string',
        doc: 'Topic the original record was read from.',
      },
      {
        name: 'sourcePartition',
        type: 'int',
        doc: 'Partition the original record was read from.',
      },
      {
        name: 'sourceOffset',
        type: 'long',
        doc: 'Offset of the original record in its partition.',
      },
      {
        name: 'sourceTimestamp',
        type: ['null', { type: 'long', logicalType: 'timestamp-millis' }],
        default: null,
        doc: 'Kafka timestamp of the original record, in milliseconds since the Unix epoch, so a replay can keep it; null when the broker gave none.',
      },
      {
        name: 'consumerGroup',
        type: 'string',
        doc: 'Consumer group that gave up, which tells which service failed.',
      },
      {
        name: 'key',
        type: ['null', 'bytes'],
        default: null,
        doc: 'Original record key, untouched; null when the record had none.',
      },
      {
        name: 'value',
        type: ['null', 'bytes'],
        default: null,
        doc: 'Original record value, untouched (Confluent wire format included); null for a tombstone.',
      },
      {
        name: 'headers',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'DeadLetterHeader',
            doc: 'One Kafka record header, in its original order; a key may repeat.',
            fields: [
              {
                name: 'key',
                type: 'string',
                doc: 'Header name.',
              },
              {
                name: 'value',
                type: ['null', 'bytes'],
                default: null,
                doc: 'Header value, untouched; null when the header had no value.',
              },
            ],
          },
        },
        default: [],
        doc: 'Original record headers (trace context included), in order.',
      },
      {
        name: 'errorType',
        type: 'string',
        doc: 'Class or name of the error that made the consumer give up.',
      },
      {
        name: 'errorMessage',
        type: 'string',
        doc: 'Message of that error.',
      },
      {
        name: 'errorStack',
        type: ['null', 'string'],
        default: null,
        doc: 'Stack trace of that error, with its causes; null when unavailable.',
      },
      {
        name: 'classification',
        type: 'string',
        doc: "Why the record was dead-lettered, one of: retriable (failed on every attempt with an error that could pass), fatal (an error that retrying cannot fix), undecodable (the bytes could not be read as the topic's schema).",
      },
      {
        name: 'attempts',
        type: 'int',
        doc: 'Times the consumer tried to process the record, the first try included.',
      },
      {
        name: 'failedAt',
        type: { type: 'long', logicalType: 'timestamp-millis' },
        doc: 'When the consumer gave up, in milliseconds since the Unix epoch.',
      },
    ],
  },
};

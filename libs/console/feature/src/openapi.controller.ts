import {
  GOAL_STATES,
  MAX_GOAL_LIMIT,
  DEFAULT_GOAL_LIMIT,
  TASK_STATES,
} from '@agora/console/domain';
import { Controller, Get, Header } from '@nestjs/common';

const text = { type: 'string' };
const number = { type: 'number' };
const integer = { type: 'integer' };
const time = { type: 'integer', description: 'epoch milliseconds' };
const texts = { type: 'array', items: text };
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const object = (properties: Record<string, object>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
});
const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const passedOn = (what: string) => ({
  description: `The planner's answer to ${what}, status and body as it gave them`,
  content: json({}),
});
const plannerDown = {
  description: 'The planner cannot be reached (502) or did not answer in time (504)',
  content: json(object({ statusCode: integer, error: text, message: text })),
};

const usage = object({
  durationMs: number,
  inputTokens: integer,
  outputTokens: integer,
  costUsd: number,
  model: nullable(text),
});
const doneBy = nullable({
  description:
    "What did the latest attempt's work (TaskCompleted.usage.model): a model, or the offline deterministic skills; null while it has no result",
  oneOf: [
    object({ mode: { const: 'model' }, model: text }),
    object({ mode: { const: 'offline' } }),
  ],
});
const goalUsage = object({
  tasks: integer,
  attempts: integer,
  durationMs: number,
  inputTokens: integer,
  outputTokens: integer,
  costUsd: number,
});
const goalRowFields = {
  goalId: text,
  goal: text,
  workflow: nullable(text),
  state: { enum: [...GOAL_STATES] },
  createdAt: time,
  finishedAt: nullable(time),
  costUsd: number,
  failure: nullable(object({ code: text, reason: text })),
};
const bid = object({
  agentId: text,
  decision: { enum: ['BID', 'REFUSE'] },
  round: integer,
  at: time,
  cost: nullable(number),
  estimatedDurationMs: nullable(number),
  confidence: nullable(number),
  load: number,
  reputation: nullable(number),
  score: nullable(number),
  refusalReason: nullable(text),
  late: { type: 'boolean', description: 'sent after the attempt was awarded' },
  excluded: { type: 'boolean', description: 'the agent was excluded from the attempt' },
  winner: { type: 'boolean' },
});
const attempt = object({
  attempt: integer,
  readyAt: nullable(time),
  excludedAgents: texts,
  feedback: nullable(text),
  invited: texts,
  bids: { type: 'array', items: bid },
  waiting: nullable(
    object({
      reason: text,
      capableAgents: integer,
      liveAgents: integer,
      freeSlots: integer,
      at: time,
    }),
  ),
  award: nullable(
    object({ agentId: text, score: number, round: integer, bidders: texts, at: time }),
  ),
  progress: nullable(object({ progress: nullable(number), message: nullable(text), at: time })),
  result: nullable({
    oneOf: [
      object({ kind: { const: 'completed' }, agentId: text, output: text, usage, at: time }),
      object({
        kind: { const: 'failed' },
        agentId: nullable(text),
        code: text,
        reason: text,
        retriable: { type: 'boolean' },
        at: time,
      }),
    ],
  }),
  evaluation: nullable(
    object({
      verdict: { enum: ['ACCEPTED', 'REJECTED'] },
      score: number,
      feedback: text,
      at: time,
    }),
  ),
});
const agent = object({
  agentId: text,
  capabilities: texts,
  capacity: integer,
  activeTasks: integer,
  status: { enum: ['ONLINE', 'DRAINING', 'OFFLINE'] },
  online: { type: 'boolean' },
  lastSeen: time,
  costPerTaskUsd: nullable(number),
  reputation: {
    type: 'array',
    items: object({ capability: text, score: number, samples: integer }),
  },
  history: { type: 'array', items: object({ at: time, capability: text, score: number }) },
});
const swarm = object({
  now: time,
  goals: object({ submitted: integer, running: integer, completed: integer, failed: integer }),
  throughput: object({ goalsPerMinute: integer, tasksPerMinute: integer }),
  series: {
    type: 'array',
    items: object({ at: time, submitted: integer, completed: integer, failed: integer }),
  },
  allocation: object({ p50Ms: nullable(number), p99Ms: nullable(number), samples: integer }),
  lag: { type: 'array', items: object({ group: text, topic: text, lag: integer }) },
  deadLetters: integer,
  pendingDecisions: integer,
});
const decision = object({
  prompt: nullable(text),
  requestedAt: time,
  dueAt: time,
  onTimeout: { enum: ['approve', 'reject'] },
  decided: nullable(
    object({
      decision: { enum: ['approve', 'reject'] },
      decidedBy: nullable(text),
      comment: nullable(text),
      timedOut: { type: 'boolean' },
      at: time,
    }),
  ),
});
const pendingDecision = object({
  goalId: text,
  goal: text,
  workflow: nullable(text),
  taskId: text,
  taskName: text,
  prompt: nullable(text),
  requestedAt: time,
  dueAt: time,
  onTimeout: { enum: ['approve', 'reject'] },
});

/** The console API's OpenAPI 3.1 document, kept beside the controllers it describes. */
export function consoleOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Agora console',
      version: '1',
      description:
        "The web console's API: a read model of goals, tasks, bids, agents and the swarm, built " +
        "from the platform's topics, with a live stream; submitting goals, workflows and dead " +
        'letters are passed on to the planner.',
    },
    paths: {
      '/api/goals': {
        get: {
          summary: 'Goals, newest first',
          parameters: [
            { name: 'state', in: 'query', schema: { enum: [...GOAL_STATES] } },
            { name: 'workflow', in: 'query', schema: text },
            { name: 'q', in: 'query', description: 'text in the goal or its id', schema: text },
            {
              name: 'limit',
              in: 'query',
              schema: {
                type: 'integer',
                minimum: 1,
                maximum: MAX_GOAL_LIMIT,
                default: DEFAULT_GOAL_LIMIT,
              },
            },
          ],
          responses: {
            '200': {
              description: 'The goals',
              content: json(object({ goals: { type: 'array', items: ref('GoalRow') } })),
            },
            '400': {
              description: 'A parameter is invalid; `field` names it',
              content: json(object({ message: text, field: text })),
            },
          },
        },
        post: {
          summary: "Submit a goal (the planner's POST /goals)",
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['goal'],
              properties: {
                goal: text,
                workflow: text,
                inputs: { type: 'object', additionalProperties: text },
                priority: integer,
                budget: { type: 'object' },
              },
            }),
          },
          responses: { default: passedOn('POST /goals'), '502': plannerDown, '504': plannerDown },
        },
      },
      '/api/goals/{id}': {
        get: {
          summary: 'One goal whole: tasks, attempts, bids and timeline',
          parameters: [{ name: 'id', in: 'path', required: true, schema: text }],
          responses: {
            '200': { description: 'The goal', content: json(ref('GoalDetail')) },
            '404': { description: 'The console has not seen the goal, or no longer keeps it' },
          },
        },
      },
      '/api/goals/{id}/tasks/{task}/decision': {
        post: {
          summary: "A person's decision on an approval step (the planner's endpoint)",
          parameters: [
            { name: 'id', in: 'path', required: true, schema: text },
            {
              name: 'task',
              in: 'path',
              required: true,
              description: 'the step name',
              schema: text,
            },
          ],
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['decision'],
              properties: { decision: { enum: ['approve', 'reject'] }, comment: text, by: text },
            }),
          },
          responses: {
            default: passedOn('POST /goals/{id}/tasks/{task}/decision'),
            '502': plannerDown,
            '504': plannerDown,
          },
        },
      },
      '/api/goals/{id}/cancel': {
        post: {
          summary: "Cancel a goal that has not ended (the planner's endpoint)",
          parameters: [
            { name: 'id', in: 'path', required: true, schema: text },
            {
              name: 'x-agora-user',
              in: 'header',
              required: false,
              description: "who cancels, named in the goal's failure",
              schema: text,
            },
          ],
          requestBody: {
            required: false,
            content: json({ type: 'object', properties: { reason: text } }),
          },
          responses: {
            default: passedOn('POST /goals/{id}/cancel'),
            '502': plannerDown,
            '504': plannerDown,
          },
        },
      },
      '/api/decisions': {
        get: {
          summary: 'Approval steps waiting for a person, the longest-waiting first',
          responses: {
            '200': {
              description: 'The pending decisions',
              content: json(
                object({ decisions: { type: 'array', items: ref('PendingDecisionRow') } }),
              ),
            },
          },
        },
      },
      '/api/agents': {
        get: {
          summary: 'Agents by id',
          responses: {
            '200': {
              description: 'The agents',
              content: json(object({ agents: { type: 'array', items: ref('AgentRow') } })),
            },
          },
        },
      },
      '/api/swarm': {
        get: {
          summary: 'Counts, throughput, a 10-minute series, allocation latency, lag, dead letters',
          responses: { '200': { description: 'The swarm', content: json(ref('SwarmView')) } },
        },
      },
      '/api/stream': {
        get: {
          summary:
            'Server-sent events: `goal` (a GoalRow, when the goal changes), `agent` (an AgentRow, ' +
            'at most once a second per agent), `swarm` (a SwarmView, every 2 s); a comment line ' +
            'every 15 s',
          responses: { '200': { description: 'The stream', content: { 'text/event-stream': {} } } },
        },
      },
      '/api/workflows': {
        get: {
          summary: "The planner's workflows",
          responses: {
            default: passedOn('GET /workflows'),
            '502': plannerDown,
            '504': plannerDown,
          },
        },
      },
      '/api/dead-letters': {
        get: {
          summary: "Dead letters (the planner's GET /dead-letters, query string passed on)",
          responses: {
            default: passedOn('GET /dead-letters'),
            '502': plannerDown,
            '504': plannerDown,
          },
        },
      },
      '/api/dead-letters/{partition}/{offset}': {
        get: {
          summary: 'One dead letter',
          parameters: [
            { name: 'partition', in: 'path', required: true, schema: integer },
            { name: 'offset', in: 'path', required: true, schema: text },
          ],
          responses: {
            default: passedOn('GET /dead-letters/{partition}/{offset}'),
            '502': plannerDown,
          },
        },
      },
      '/api/dead-letters/replay': {
        post: {
          summary: 'Replay dead letters to the topics they came from',
          requestBody: { required: true, content: json({ type: 'object' }) },
          responses: { default: passedOn('POST /dead-letters/replay'), '502': plannerDown },
        },
      },
    },
    components: {
      schemas: {
        GoalRow: object({ ...goalRowFields, tasks: object({ total: integer, accepted: integer }) }),
        GoalDetail: object({
          ...goalRowFields,
          inputs: { type: 'object', additionalProperties: text },
          priority: integer,
          planSource: nullable(text),
          output: nullable(text),
          traceId: nullable(text),
          usage: nullable(goalUsage),
          mode: nullable({
            enum: ['offline', 'model', 'mixed'],
            description:
              "What did the goal's work, over its tasks' doneBy: offline (the deterministic skills, not a model), model, or mixed",
          }),
          tasks: {
            type: 'array',
            items: object({
              taskId: text,
              name: text,
              capability: text,
              dependsOn: texts,
              state: { enum: [...TASK_STATES] },
              attempts: { type: 'array', items: attempt },
              doneBy,
              decision: nullable(decision),
            }),
          },
          timeline: {
            type: 'array',
            items: object({
              at: time,
              type: text,
              taskId: nullable(text),
              taskName: nullable(text),
              attempt: nullable(integer),
              summary: text,
              gapMs: integer,
            }),
          },
        }),
        AgentRow: agent,
        SwarmView: swarm,
        PendingDecisionRow: pendingDecision,
      },
    },
  };
}

/** `GET /openapi.json`. */
@Controller()
export class ConsoleOpenApiController {
  private readonly document = consoleOpenApiDocument();

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  openApi(): Record<string, unknown> {
    return this.document;
  }
}

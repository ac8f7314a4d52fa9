import { deadLetterOpenApiPaths } from '@agora/dead-letters';
import { goalStates } from '@agora/planner/domain';
import { badRequestBodySchema } from '@agora/runtime';
import { Controller, Get, Header } from '@nestjs/common';
import { z } from 'zod';
import { cancelSchema, decisionSchema, submitGoalSchema } from './goal-api.schemas';

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const text = { type: 'string' };
const usage = {
  type: 'object',
  properties: Object.fromEntries(
    ['tasks', 'attempts', 'durationMs', 'inputTokens', 'outputTokens', 'costUsd'].map((k) => [
      k,
      { type: 'number' },
    ]),
  ),
};
const task = {
  type: 'object',
  properties: {
    taskId: text,
    name: text,
    capability: text,
    dependsOn: { type: 'array', items: text },
    state: text,
    attempts: { type: 'integer' },
    maxAttempts: { type: 'integer' },
    excludedAgents: { type: 'array', items: text },
    waitingFor: nullable(text),
    approval: nullable({
      type: 'object',
      description: "An approval step's decision (capability approval); null for other steps",
      properties: {
        prompt: nullable(text),
        deadlineAt: nullable({ type: 'string', format: 'date-time' }),
        onTimeout: { enum: ['approve', 'reject'] },
        decidedBy: nullable(text),
      },
    }),
    auction: nullable({
      type: 'object',
      properties: {
        agentId: text,
        score: { type: 'number' },
        bidders: { type: 'array', items: text },
      },
    }),
    evaluation: nullable({
      type: 'object',
      properties: {
        attempt: { type: 'integer' },
        verdict: { enum: ['ACCEPTED', 'REJECTED'] },
        score: { type: 'number' },
        feedback: text,
      },
    }),
    output: nullable(text),
    outputText: nullable(text),
    doneBy: nullable({
      description:
        "What did the latest attempt's work: a model (TaskCompleted.usage.model) or the offline deterministic skills; null before it completed, and for an approval step",
      oneOf: [
        {
          type: 'object',
          required: ['mode', 'model'],
          properties: {
            mode: { const: 'model' },
            model: { ...text, example: 'openai/gpt-4o-mini' },
          },
        },
        { type: 'object', required: ['mode'], properties: { mode: { const: 'offline' } } },
      ],
    }),
  },
};
const error = badRequestBodySchema;
/** A 400 on a workflow or a plan: the step and the field it names, besides `fields`. */
const workflowError = {
  type: 'object',
  properties: {
    ...badRequestBodySchema.properties,
    step: nullable(text),
    field: nullable(text),
  },
};
const origin = {
  enum: ['default', 'registered'],
  description:
    'default: shipped, or a file of PLANNER_WORKFLOWS_DIR; registered: through POST /workflows',
};
/** A workflow as in a YAML file; validation is the planner's (errors name step and field). */
const workflowBody = {
  type: 'object',
  required: ['name', 'steps'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
    description: text,
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        required: ['name', 'capability'],
        properties: {
          name: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
          capability: text,
          dependsOn: { type: 'array', items: text },
          params: { type: 'object' },
          maxAttempts: { type: 'integer', minimum: 1, maximum: 10 },
          when: { type: 'object' },
        },
      },
    },
  },
};
const workflowDetail = {
  type: 'object',
  properties: { ...workflowBody.properties, origin },
};
const changedBy = {
  name: 'x-agora-user',
  in: 'header',
  required: false,
  description: 'Who makes the change, recorded with it (WorkflowChanged.changedBy)',
  schema: text,
};
const workflowName = { name: 'name', in: 'path', required: true, schema: text };
const pendingDecision = {
  type: 'object',
  properties: {
    goalId: text,
    goal: text,
    taskId: text,
    task: text,
    prompt: nullable(text),
    deadlineAt: { type: 'string', format: 'date-time' },
    onTimeout: { enum: ['approve', 'reject'] },
    waitingSince: { type: 'string', format: 'date-time' },
    approve: { type: 'string', description: 'The CLI command that approves it' },
    reject: { type: 'string', description: 'The CLI command that rejects it' },
  },
};

/**
 * The API's OpenAPI 3.1 document. Written by hand from the zod schemas the controller validates
 * with, so the document and the validation cannot disagree about the request body.
 */
export function openApiDocument(): Record<string, unknown> {
  const submit = z.toJSONSchema(submitGoalSchema, { io: 'input' });
  delete (submit as { $schema?: string }).$schema;
  const decision = z.toJSONSchema(decisionSchema, { io: 'input' });
  delete (decision as { $schema?: string }).$schema;
  const cancel = z.toJSONSchema(cancelSchema, { io: 'input' });
  delete (cancel as { $schema?: string }).$schema;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Agora planner',
      version: '1',
      description:
        'Submit, follow and cancel goals and their task graphs; decide the steps that wait for a person; list, replay and purge dead letters.',
    },
    paths: {
      '/goals': {
        post: {
          summary: 'Submit a goal',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Makes the submission safe to send again: the goal id derives from the key, so a second submission with the same key and goal answers with the goal already submitted (and Idempotent-Replayed: true) instead of starting another',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: submit } } },
          responses: {
            '202': {
              description:
                'Accepted; the goal is planned asynchronously. Idempotent-Replayed: true when an earlier submission with the same Idempotency-Key had made it',
              headers: { 'Idempotent-Replayed': { schema: { const: 'true' } } },
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { goalId: { type: 'string', format: 'uuid' } },
                  },
                },
              },
            },
            '400': {
              description:
                'A field is invalid; the message names it (for a plan, the step and the field too)',
              content: { 'application/json': { schema: workflowError } },
            },
            '422': {
              description: 'The Idempotency-Key was already used for a different goal',
              content: { 'application/json': { schema: error } },
            },
            '429': {
              description:
                'The swarm is saturated and the planner is set to refuse (PLANNER_ADMISSION=reject); retry after the Retry-After header',
              headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1 } } },
              content: { 'application/json': { schema: error } },
            },
          },
        },
        get: {
          summary: 'List goals, newest first',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
            { name: 'state', in: 'query', schema: { enum: [...goalStates] } },
          ],
          responses: {
            '200': { description: 'A page of goals' },
            '400': { description: 'Bad query', content: { 'application/json': { schema: error } } },
          },
        },
      },
      '/goals/{id}': {
        get: {
          summary: 'A goal with its tasks, auctions and evaluations',
          parameters: [{ name: 'id', in: 'path', required: true, schema: text }],
          responses: {
            '200': {
              description: 'The goal',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      goalId: text,
                      goal: text,
                      workflow: nullable(text),
                      traceId: nullable({ type: 'string', pattern: '^[0-9a-f]{32}$' }),
                      state: { enum: [...goalStates] },
                      output: nullable(text),
                      reason: nullable(text),
                      failure: nullable({
                        type: 'object',
                        properties: { code: text, reason: text, taskId: nullable(text) },
                      }),
                      usage,
                      mode: nullable({
                        enum: ['offline', 'model', 'mixed'],
                        description:
                          "What did the goal's work, over the tasks that did any: offline (every one by the deterministic skills, not a model), model, or mixed; null before any task did",
                      }),
                      tasks: { type: 'array', items: task },
                    },
                  },
                },
              },
            },
            '404': { description: 'No such goal' },
          },
        },
      },
      '/goals/{id}/stream': {
        get: {
          summary:
            'The goal live, as server-sent events: its task events and the text its models produce, until it ends',
          description: [
            'A text/event-stream; each event is one `event:` name and one `data:` line of JSON.',
            '`goal`: the goal as GET /goals/{id} answers, first, then whenever its state changes, and last.',
            '`task`: a task event as it happens, `{type, taskId, attempt, event}`; type is TaskWaiting, TaskAwarded, TaskProgress, TaskCompleted, TaskFailed or TaskEvaluated, event the record (its Avro fields).',
            "`token`: text a model-driven agent produced, in batches of up to 200 ms or 200 characters, `{taskId, attempt, agentId, seq, turn, text}`; seq counts the attempt's batches from 1, turn is the model turn. The batches of a task attempt come before its TaskCompleted.",
            '`end`: `{goalId, state}` (completed or failed), after which the server closes the stream. A goal already over gets `goal` and `end` at once.',
            'Comments (`: keep-alive`) keep an idle stream open. Text produced before the stream was opened is not sent again.',
          ].join('\n\n'),
          parameters: [{ name: 'id', in: 'path', required: true, schema: text }],
          responses: {
            '200': {
              description: 'The stream',
              content: {
                'text/event-stream': {
                  schema: { type: 'string' },
                  example:
                    'event: token\ndata: {"taskId":"…/answer","attempt":1,"agentId":"writer-1","seq":1,"turn":1,"text":"Kafka keeps "}\n\n',
                },
              },
            },
            '404': { description: 'No such goal' },
            '503': { description: 'The planner cannot read Kafka now' },
          },
        },
      },
      '/goals/{id}/steps': {
        get: {
          summary:
            "The journal of the goal's model-driven attempts: every model call, tool call and tool result, in order",
          parameters: [{ name: 'id', in: 'path', required: true, schema: text }],
          responses: {
            '200': {
              description: 'The steps, by task in plan order, then attempt, then seq',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      goalId: text,
                      steps: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            taskId: text,
                            task: nullable(text),
                            attempt: { type: 'integer' },
                            seq: { type: 'integer' },
                            agentId: text,
                            kind: { enum: ['model_call', 'tool_call', 'tool_result'] },
                            name: nullable(text),
                            callId: nullable(text),
                            arguments: { description: "A tool call's arguments; null otherwise" },
                            result: nullable(text),
                            usage: nullable({
                              type: 'object',
                              properties: Object.fromEntries(
                                ['durationMs', 'inputTokens', 'outputTokens', 'costUsd'].map(
                                  (k) => [k, { type: 'number' }],
                                ),
                              ),
                            }),
                            replayedFrom: nullable({ type: 'integer' }),
                            recordedAt: { type: 'string', format: 'date-time' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            '404': { description: 'No such goal' },
          },
        },
      },
      '/goals/{goalId}/cancel': {
        post: {
          summary: 'Cancel a goal that has not ended',
          description:
            'The goal fails as cancelled, naming who and why; the agents of its running tasks are told to stop, and goals its agents asked for (sub-goals) are cancelled in turn.',
          parameters: [
            { name: 'goalId', in: 'path', required: true, schema: text },
            {
              name: 'x-agora-user',
              in: 'header',
              required: false,
              description: "Who cancels, named in the goal's failure reason",
              schema: text,
            },
          ],
          requestBody: { required: false, content: { 'application/json': { schema: cancel } } },
          responses: {
            '200': {
              description: 'Cancelled: the goal has failed as cancelled',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { goalId: text, goalState: { const: 'failed' }, reason: text },
                  },
                },
              },
            },
            '400': {
              description: 'The body is invalid; the message names the field',
              content: { 'application/json': { schema: error } },
            },
            '404': { description: 'No such goal' },
            '409': {
              description: 'The goal has already ended (completed or failed)',
              content: { 'application/json': { schema: error } },
            },
          },
        },
      },
      '/goals/{goalId}/tasks/{taskName}/decision': {
        post: {
          summary: 'Approve or reject an approval step that waits for a person',
          parameters: [
            { name: 'goalId', in: 'path', required: true, schema: text },
            { name: 'taskName', in: 'path', required: true, schema: text },
            {
              name: 'x-agora-user',
              in: 'header',
              required: false,
              description: 'Who decides, recorded with the decision and named in a rejection',
              schema: text,
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: decision } } },
          responses: {
            '200': {
              description:
                'Decided: approved, the goal goes on (or completes); rejected, the goal fails as not_approved',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      goalId: text,
                      task: text,
                      decision: { enum: ['approve', 'reject'] },
                      goalState: { enum: [...goalStates] },
                    },
                  },
                },
              },
            },
            '400': {
              description: 'The body is invalid; the message names the field',
              content: { 'application/json': { schema: error } },
            },
            '404': { description: 'No such goal, or the goal has no task of that name' },
            '409': {
              description:
                'The task does not wait for a decision: decided already, not reached yet, not an approval step, or the goal is over',
              content: { 'application/json': { schema: error } },
            },
          },
        },
      },
      '/decisions': {
        get: {
          summary: 'Approval steps waiting for a person, across goals, the soonest due first',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
            },
          ],
          responses: {
            '200': {
              description: 'The pending decisions',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { items: { type: 'array', items: pendingDecision } },
                  },
                },
              },
            },
            '400': { description: 'Bad query', content: { 'application/json': { schema: error } } },
          },
        },
      },
      '/workflows': {
        get: {
          summary: 'The workflows goals can name, with their steps',
          responses: {
            '200': {
              description: 'Every workflow, by name',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      items: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            name: text,
                            description: text,
                            origin,
                            steps: {
                              type: 'array',
                              items: {
                                type: 'object',
                                properties: {
                                  name: text,
                                  capability: text,
                                  dependsOn: { type: 'array', items: text },
                                },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        post: {
          summary:
            'Register a workflow for every planner replica, or replace the registered one of its name',
          parameters: [changedBy],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: workflowBody },
              'application/yaml': { schema: { type: 'string', description: 'A workflow file' } },
            },
          },
          responses: {
            '201': {
              description: 'Registered; the stored definition, defaults filled in',
              content: { 'application/json': { schema: workflowDetail } },
            },
            '200': {
              description: 'Replaced the registered workflow of that name',
              content: { 'application/json': { schema: workflowDetail } },
            },
            '400': {
              description: 'The workflow is not valid; step and field say where',
              content: { 'application/json': { schema: workflowError } },
            },
            '409': {
              description: "The name is one of the planner's default workflows",
              content: { 'application/json': { schema: error } },
            },
          },
        },
      },
      '/workflows/{name}': {
        get: {
          summary: 'A workflow whole: every step with its parameters',
          parameters: [workflowName],
          responses: {
            '200': {
              description: 'The workflow',
              content: { 'application/json': { schema: workflowDetail } },
            },
            '404': { description: 'No such workflow' },
          },
        },
        delete: {
          summary: 'Remove a registered workflow from every replica',
          parameters: [workflowName, changedBy],
          responses: {
            '204': { description: 'Removed' },
            '404': { description: 'No registered workflow has the name' },
            '409': {
              description: "A default workflow, or this planner's PLANNER_DEFAULT_WORKFLOW",
              content: { 'application/json': { schema: error } },
            },
          },
        },
      },
      ...deadLetterOpenApiPaths(),
    },
  };
}

/** Serves the OpenAPI document. */
@Controller()
export class OpenApiController {
  private readonly document = openApiDocument();

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  openApi(): Record<string, unknown> {
    return this.document;
  }
}

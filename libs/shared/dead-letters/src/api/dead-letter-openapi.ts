import { errorClassifications } from '@agora/messaging';
import { badRequestBodySchema, outageResponse } from '@agora/runtime';
import { z } from 'zod';
import {
  listDeadLettersSchema,
  purgeDeadLettersSchema,
  replayDeadLettersSchema,
} from './dead-letter-api.schemas';

const text = { type: 'string' };
const time = { type: 'string', format: 'date-time' };
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const json = (schema: object) => ({ 'application/json': { schema } });

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  delete out['$schema'];
  return out;
}

const summary = {
  type: 'object',
  properties: {
    position: {
      ...text,
      description: 'partition:offset in the dead-letter topic',
      example: '0:17',
    },
    partition: { type: 'integer' },
    offset: text,
    failedAt: time,
    classification: { enum: [...errorClassifications] },
    source: {
      type: 'object',
      properties: {
        topic: text,
        eventType: nullable(text),
        partition: { type: 'integer' },
        offset: text,
        timestamp: nullable(time),
      },
    },
    consumerGroup: text,
    attempts: { type: 'integer' },
    errorType: text,
    errorMessage: text,
    goalId: nullable(text),
  },
};

const view = {
  allOf: [
    summary,
    {
      type: 'object',
      properties: {
        errorStack: nullable(text),
        key: { ...nullable(text), description: 'the original key as UTF-8 text' },
        headers: {
          type: 'array',
          items: { type: 'object', properties: { key: text, value: nullable(text) } },
        },
        value: {
          description:
            'The original value: decoded with its schema (avro), else the bytes in hex with the reason, or null for a record without a value',
          oneOf: [
            {
              type: 'object',
              properties: {
                encoding: { const: 'avro' },
                bytes: { type: 'integer' },
                eventType: text,
                schemaId: { type: 'integer' },
                event: { type: 'object', description: 'longs as strings, bytes as hex' },
              },
            },
            {
              type: 'object',
              properties: {
                encoding: { const: 'hex' },
                bytes: { type: 'integer' },
                reason: text,
                hex: text,
              },
            },
            {
              type: 'object',
              properties: { encoding: { const: 'null' }, bytes: { const: 0 } },
            },
          ],
        },
      },
    },
  ],
};

const badRequest = {
  description: 'A field is invalid; the message names it',
  content: json(badRequestBodySchema),
};
const notFound = {
  description: 'No dead letter at a position named',
  content: json(badRequestBodySchema),
};

/**
 * The OpenAPI paths of the dead-letter API, for the document of the service that mounts
 * DeadLetterModule. Query and bodies come from the zod schemas the controller validates with.
 */
export function deadLetterOpenApiPaths(): Record<string, unknown> {
  const query = jsonSchema(listDeadLettersSchema) as {
    properties: Record<string, { description?: string }>;
  };
  return {
    '/dead-letters': {
      get: {
        summary: 'List dead letters, newest first',
        description:
          'Reads the dead-letter topic to its end. `topic` takes a topic name or an event type; times are ISO 8601.',
        parameters: Object.entries(query.properties).map(([name, schema]) => ({
          name,
          in: 'query',
          ...(schema.description ? { description: schema.description } : {}),
          schema,
        })),
        responses: {
          '200': {
            description: 'A page of dead letters and how many pass the filters',
            content: json({
              type: 'object',
              properties: {
                items: { type: 'array', items: summary },
                total: { type: 'integer' },
                limit: { type: 'integer' },
                offset: { type: 'integer' },
              },
            }),
          },
          '400': badRequest,
          '503': outageResponse,
        },
      },
    },
    '/dead-letters/{partition}/{offset}': {
      get: {
        summary: 'One dead letter whole, its value decoded when it can be, in hex otherwise',
        parameters: ['partition', 'offset'].map((name) => ({
          name,
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^\\d+$' },
        })),
        responses: {
          '200': { description: 'The dead letter', content: json(view) },
          '400': badRequest,
          '404': notFound,
          '503': outageResponse,
        },
      },
    },
    '/dead-letters/replay': {
      post: {
        summary: 'Write dead letters back to their source topics',
        description:
          'Give `positions`, or `all: true` with optional filters. Each message goes back with its original key, value and headers, plus `agora-replay-of: <topic>/<partition>/<offset>` of the record that failed; consumers handle it as a new message.',
        requestBody: { required: true, content: json(jsonSchema(replayDeadLettersSchema)) },
        responses: {
          '200': {
            description: 'Where each replayed message was written',
            content: json({
              type: 'object',
              properties: {
                replayed: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      position: text,
                      to: {
                        type: 'object',
                        properties: { topic: text, partition: { type: 'integer' }, offset: text },
                      },
                    },
                  },
                },
              },
            }),
          },
          '400': badRequest,
          '404': notFound,
          '503': outageResponse,
        },
      },
    },
    '/dead-letters/purge': {
      post: {
        summary: 'Delete dead letters older than a time, or all of them',
        description:
          'Kafka deletes a partition from its start up to an offset, never one record: `before` deletes, in each partition, everything before the first dead letter written at or after that time. A dry run unless `confirm` is true.',
        requestBody: { required: true, content: json(jsonSchema(purgeDeadLettersSchema)) },
        responses: {
          '200': {
            description: 'What was deleted, or with a dry run what would be, per partition',
            content: json({
              type: 'object',
              properties: {
                dryRun: { type: 'boolean' },
                cut: {
                  oneOf: [
                    { type: 'object', properties: { before: time } },
                    { type: 'object', properties: { all: { const: true } } },
                  ],
                },
                records: { type: 'integer' },
                partitions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      partition: { type: 'integer' },
                      from: { ...text, description: 'first offset deleted' },
                      to: { ...text, description: 'the partition starts here afterwards' },
                      records: { type: 'integer' },
                    },
                  },
                },
              },
            }),
          },
          '400': badRequest,
          '503': outageResponse,
        },
      },
    },
  };
}

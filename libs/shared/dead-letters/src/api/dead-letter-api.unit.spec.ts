import { BadRequestException } from '@nestjs/common';
import { parseRequest } from '@agora/runtime';
import { describe, expect, it } from 'vitest';
import {
  deadLetterPathSchema,
  listDeadLettersSchema,
  purgeDeadLettersSchema,
  replayDeadLettersSchema,
} from './dead-letter-api.schemas';
import { deadLetterOpenApiPaths } from './dead-letter-openapi';

/** The fields a 400 names, or the parsed value. */
function fieldsOf(schema: Parameters<typeof parseRequest>[0], value: unknown): string[] {
  try {
    parseRequest(schema, value, 'query');
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { fields: { field: string }[] }).fields.map((f) => f.field);
  }
}

describe('dead-letter API validation', () => {
  it('list: filters and a page, with defaults', () => {
    expect(
      listDeadLettersSchema.parse({
        topic: 'GoalSubmitted',
        classification: 'fatal',
        since: '2026-11-28T10:00:00Z',
        until: '2026-11-28T11:00:00Z',
        limit: '10',
        offset: '20',
      }),
    ).toEqual({
      topic: 'GoalSubmitted',
      classification: 'fatal',
      since: Date.parse('2026-11-28T10:00:00Z'),
      until: Date.parse('2026-11-28T11:00:00Z'),
      limit: 10,
      offset: 20,
    });
    expect(listDeadLettersSchema.parse({})).toEqual({ limit: 50, offset: 0 });
  });

  it('list: a 400 names each bad field', () => {
    expect(fieldsOf(listDeadLettersSchema, { classification: 'boring' })).toEqual([
      'classification',
    ]);
    expect(fieldsOf(listDeadLettersSchema, { since: 'yesterday' })).toEqual(['since']);
    expect(fieldsOf(listDeadLettersSchema, { topic: 'a topic' })).toEqual(['topic']);
    expect(fieldsOf(listDeadLettersSchema, { topic: ['a', 'b'] })).toEqual(['topic']);
    expect(fieldsOf(listDeadLettersSchema, { limit: '0', offset: '-1' })).toEqual([
      'limit',
      'offset',
    ]);
    expect(
      fieldsOf(listDeadLettersSchema, {
        since: '2026-11-28T11:00:00Z',
        until: '2026-11-28T10:00:00Z',
      }),
    ).toEqual(['until']);
    expect(fieldsOf(listDeadLettersSchema, { klass: 'fatal' })).toEqual(['klass']);
  });

  it('show: partition and offset are whole numbers', () => {
    expect(deadLetterPathSchema.parse({ partition: '2', offset: '0017' })).toEqual({
      partition: 2,
      offset: '17',
    });
    expect(fieldsOf(deadLetterPathSchema, { partition: 'x', offset: '-1' })).toEqual([
      'partition',
      'offset',
    ]);
  });

  it('replay: positions, or all with filters, never both nor neither', () => {
    expect(replayDeadLettersSchema.parse({ positions: ['0:17', '1:3'] })).toEqual({
      positions: [
        { partition: 0, offset: '17' },
        { partition: 1, offset: '3' },
      ],
    });
    expect(replayDeadLettersSchema.parse({ all: true, classification: 'retriable' })).toEqual({
      all: true,
      classification: 'retriable',
    });
    expect(fieldsOf(replayDeadLettersSchema, {})).toEqual(['positions']);
    expect(fieldsOf(replayDeadLettersSchema, { positions: ['0:1'], all: true })).toEqual([
      'positions',
    ]);
    expect(fieldsOf(replayDeadLettersSchema, { positions: [] })).toEqual(['positions']);
    expect(fieldsOf(replayDeadLettersSchema, { positions: ['0-17'] })).toEqual(['positions.0']);
    expect(fieldsOf(replayDeadLettersSchema, { positions: ['0:1'], topic: 'TaskReady' })).toEqual([
      'topic',
    ]);
    expect(fieldsOf(replayDeadLettersSchema, { all: false })).toEqual(['all']);
  });

  it('purge: before or all, a dry run unless confirmed', () => {
    expect(purgeDeadLettersSchema.parse({ before: '2026-11-28T10:00:00Z' })).toEqual({
      before: Date.parse('2026-11-28T10:00:00Z'),
      confirm: false,
    });
    expect(purgeDeadLettersSchema.parse({ all: true, confirm: true })).toEqual({
      all: true,
      confirm: true,
    });
    expect(fieldsOf(purgeDeadLettersSchema, {})).toEqual(['before']);
    expect(fieldsOf(purgeDeadLettersSchema, { before: '2026-11-28', all: true })).toEqual([
      'before',
    ]);
    expect(fieldsOf(purgeDeadLettersSchema, { before: 'last week' })).toEqual(['before']);
    expect(fieldsOf(purgeDeadLettersSchema, { all: true, confirm: 'yes' })).toEqual(['confirm']);
  });
});

describe('dead-letter OpenAPI paths', () => {
  it('document every route, the query from the schema the controller validates with', () => {
    type Operation = {
      parameters: { name: string }[];
      responses: Record<string, unknown>;
      requestBody: { content: Record<string, { schema: { properties: object } }> };
    };
    const paths = deadLetterOpenApiPaths() as Record<string, Record<string, Operation>>;
    expect(Object.keys(paths)).toEqual([
      '/dead-letters',
      '/dead-letters/{partition}/{offset}',
      '/dead-letters/replay',
      '/dead-letters/purge',
    ]);
    const list = paths['/dead-letters']!['get']!;
    expect(list.parameters.map((p) => p.name)).toEqual([
      'topic',
      'classification',
      'since',
      'until',
      'limit',
      'offset',
    ]);
    expect(Object.keys(list.responses)).toEqual(['200', '400', '503']);
    const purge = paths['/dead-letters/purge']!['post']!;
    expect(Object.keys(purge.requestBody.content['application/json']!.schema.properties)).toEqual([
      'before',
      'all',
      'confirm',
    ]);
  });
});

import { DEFAULT_VISIBILITY, visibilities } from '@agora/contracts';
import { MEMORY_KINDS } from '@agora/memory/domain';
import { badRequestBodySchema, SERVICE_CONFIG } from '@agora/runtime';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { MemoryConfig } from './memory-config';

const text = { type: 'string' };
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const json = (schema: object) => ({ 'application/json': { schema } });
const badRequest = {
  description: 'A parameter or field is invalid; the message names it',
  content: json(badRequestBodySchema),
};
const visibility = {
  enum: [...visibilities],
  description:
    'who may be quoted it: public (anyone, customers included) < internal (staff) < restricted (only a reader that asks for it)',
};
const item = {
  type: 'object',
  properties: {
    id: text,
    kind: { enum: [...MEMORY_KINDS] },
    goalId: nullable(text),
    taskId: nullable(text),
    title: nullable(text),
    source: nullable(text),
    content: text,
    tags: { type: 'array', items: text },
    visibility,
  },
};

/** The memory API's OpenAPI 3.1 document, kept beside the controller it describes. */
export function memoryOpenApiDocument(limits: {
  maxK: number;
  minScore: number;
}): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Agora memory',
      version: '1',
      description: 'Search what the swarm knows and learnt; add knowledge documents.',
    },
    paths: {
      '/memory/search': {
        get: {
          summary: 'The best passages for a query, scored 0..1',
          parameters: [
            { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } },
            {
              name: 'k',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: limits.maxK },
            },
            {
              name: 'goalId',
              in: 'query',
              description: "a goal's items and knowledge only",
              schema: text,
            },
            {
              name: 'kind',
              in: 'query',
              description: `comma-separated kinds to search: ${MEMORY_KINDS.join(', ')}`,
              schema: text,
            },
            {
              name: 'maxVisibility',
              in: 'query',
              description:
                'the most the caller may quote: items of a higher visibility are not searched (public < internal < restricted)',
              schema: { enum: [...visibilities], default: DEFAULT_VISIBILITY },
            },
            {
              name: 'minScore',
              in: 'query',
              description: 'hits scoring below this are left out (MEMORY_MIN_SCORE by default)',
              schema: { type: 'number', minimum: 0, maximum: 1, default: limits.minScore },
            },
          ],
          responses: {
            '200': {
              description: 'The hits, best first',
              content: json({
                type: 'object',
                properties: {
                  query: text,
                  hits: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        itemId: text,
                        kind: text,
                        title: nullable(text),
                        source: nullable(text),
                        content: text,
                        score: { type: 'number', minimum: 0, maximum: 1 },
                        visibility,
                      },
                    },
                  },
                },
              }),
            },
            '400': badRequest,
          },
        },
      },
      '/memory/documents': {
        post: {
          summary:
            'Store knowledge documents, cut into passages (a document with the same id is replaced)',
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              required: ['documents'],
              properties: {
                documents: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['title', 'content'],
                    properties: {
                      id: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,200}$' },
                      title: text,
                      source: text,
                      content: text,
                      tags: { type: 'array', items: text },
                      visibility: { ...visibility, default: DEFAULT_VISIBILITY },
                    },
                  },
                },
              },
            }),
          },
          responses: {
            '201': {
              description: 'Stored; the passages of each document',
              content: json({
                type: 'object',
                properties: {
                  documents: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        id: text,
                        title: text,
                        itemIds: { type: 'array', items: text },
                      },
                    },
                  },
                },
              }),
            },
            '400': badRequest,
          },
        },
      },
      '/memory/items/{id}': {
        get: {
          summary: 'One item, whole',
          parameters: [{ name: 'id', in: 'path', required: true, schema: text }],
          responses: {
            '200': { description: 'The item', content: json(item) },
            '404': { description: 'No such item' },
          },
        },
      },
    },
  };
}

/** `GET /openapi.json`. */
@Controller()
export class MemoryOpenApiController {
  private readonly document: Record<string, unknown>;

  constructor(@Inject(SERVICE_CONFIG) config: MemoryConfig) {
    this.document = memoryOpenApiDocument({
      maxK: config.MEMORY_MAX_K,
      minScore: config.MEMORY_MIN_SCORE,
    });
  }

  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  openApi(): Record<string, unknown> {
    return this.document;
  }
}

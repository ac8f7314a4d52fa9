import type { MemoryHit } from '@agora/contracts';
import type { ReadItem } from '@agora/memory/data-access';
import { InvalidInputError, parseDocumentsBody, parseSearchParams } from '@agora/memory/domain';
import { SERVICE_CONFIG } from '@agora/runtime';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import type { MemoryConfig } from './memory-config';
import { MemoryService, type StoredDocument } from './memory.service';

/**
 * Largest content accepted per document. Nest's JSON body limit (100 kB by default) is the
 * tighter bound in practice; larger corpora are posted in several requests.
 */
const MAX_CONTENT_CHARS = 1_000_000;
const MAX_DOCUMENTS = 100;

function badRequest(error: unknown): never {
  if (error instanceof InvalidInputError) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      field: error.field,
      message: error.message,
      // The shape every Agora REST API answers a 400 with (see parseRequest).
      fields: [{ field: error.field, message: error.problem }],
    });
  }
  throw error;
}

/** Search and knowledge over HTTP, for the CLI and for people. */
@Controller('memory')
export class MemoryController {
  constructor(
    private readonly memory: MemoryService,
    @Inject(SERVICE_CONFIG) private readonly config: MemoryConfig,
  ) {}

  /** `GET /memory/search?q=&goalId=&k=`: the best passages, scored 0..1. */
  @Get('search')
  async search(
    @Query() params: Record<string, unknown>,
  ): Promise<{ query: string; hits: MemoryHit[] }> {
    let query;
    try {
      query = parseSearchParams(params, {
        defaultK: this.config.MEMORY_DEFAULT_K,
        maxK: this.config.MEMORY_MAX_K,
      });
    } catch (error) {
      badRequest(error);
    }
    return { query: query.query, hits: await this.memory.search(query, 'http') };
  }

  /** `POST /memory/documents`: stores knowledge, cut into passages. */
  @Post('documents')
  @HttpCode(HttpStatus.CREATED)
  async documents(@Body() body: unknown): Promise<{ documents: StoredDocument[] }> {
    let documents;
    try {
      documents = parseDocumentsBody(body, {
        maxDocuments: MAX_DOCUMENTS,
        maxContentChars: MAX_CONTENT_CHARS,
      });
    } catch (error) {
      badRequest(error);
    }
    return { documents: await this.memory.storeDocuments(documents) };
  }

  /** `GET /memory/items/:id`: one item, whole. */
  @Get('items/:id')
  async item(@Param('id') id: string): Promise<ReadItem> {
    const item = await this.memory.getItem(id);
    if (!item)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no memory item '${id}'`,
      });
    return item;
  }
}

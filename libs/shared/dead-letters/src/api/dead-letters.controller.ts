import { parseRequest } from '@agora/runtime';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { DeadLetterNotFoundError, type DeadLetterPosition } from '../dead-letter-query';
import type {
  DeadLetterSummary,
  DeadLetterView,
  PurgeReport,
  ReplayedDeadLetter,
} from '../dead-letter-view';
import { DeadLetterService } from '../dead-letter.service';
import {
  deadLetterPathSchema,
  listDeadLettersSchema,
  purgeDeadLettersSchema,
  replayDeadLettersSchema,
} from './dead-letter-api.schemas';

/** A page of GET /dead-letters. */
export interface DeadLetterPage {
  items: DeadLetterSummary[];
  /** Dead letters that pass the filters. */
  total: number;
  limit: number;
  offset: number;
}

/**
 * The dead-letter topic over HTTP: list with filters, show one, replay, purge. Each request
 * reads the topic to its end (a throwaway consumer group), as `agora dlq` does.
 */
@Controller('dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  async list(@Query() query: unknown): Promise<DeadLetterPage> {
    const { limit, offset, ...filter } = parseRequest(listDeadLettersSchema, query, 'query');
    const { matching } = await this.deadLetters.select(filter);
    return {
      items: matching.slice(offset, offset + limit).map((l) => this.deadLetters.summary(l)),
      total: matching.length,
      limit,
      offset,
    };
  }

  @Get(':partition/:offset')
  async show(@Param() params: unknown): Promise<DeadLetterView> {
    const at = parseRequest(deadLetterPathSchema, params, 'path');
    const [stored] = await this.found([at]);
    return this.deadLetters.view(stored!);
  }

  @Post('replay')
  @HttpCode(HttpStatus.OK)
  async replay(@Body() body: unknown): Promise<{ replayed: ReplayedDeadLetter[] }> {
    const { positions, all: _all, ...filter } = parseRequest(replayDeadLettersSchema, body, 'body');
    const letters = positions
      ? await this.found(positions)
      : // Oldest first, so replays keep the order in which their messages failed.
        (await this.deadLetters.select(filter)).matching.reverse();
    return { replayed: await this.deadLetters.replay(letters) };
  }

  @Post('purge')
  @HttpCode(HttpStatus.OK)
  async purge(@Body() body: unknown): Promise<PurgeReport> {
    const { before, confirm } = parseRequest(purgeDeadLettersSchema, body, 'body');
    return this.deadLetters.purge(before === undefined ? { all: true } : { before }, {
      dryRun: !confirm,
    });
  }

  /** Every dead letter named, before anything is done to any of them; 404 naming one missing. */
  private async found(positions: readonly DeadLetterPosition[]) {
    try {
      return await this.deadLetters.find(positions);
    } catch (error) {
      if (error instanceof DeadLetterNotFoundError) throw new NotFoundException(error.message);
      throw error;
    }
  }
}

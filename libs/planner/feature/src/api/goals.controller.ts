import { GoalRepository } from '@agora/planner/data-access';
import { parseRequest } from '@agora/runtime';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { BacklogFullError, GoalService } from '../goals/goal.service';
import { listGoalsSchema, submitGoalSchema } from './goal-api.schemas';
import { goalSummary, goalView, type GoalSummary, type GoalView } from './goal-view';

/** The planner's HTTP API: submit goals and follow them. */
@Controller('goals')
export class GoalsController {
  constructor(
    private readonly service: GoalService,
    private readonly goals: GoalRepository,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async submit(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ goalId: string }> {
    const command = parseRequest(submitGoalSchema, body, 'body');
    try {
      return { goalId: await this.service.submit(command) };
    } catch (error) {
      if (!(error instanceof BacklogFullError)) throw error;
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw new HttpException(
        {
          statusCode: HttpStatus.TOO_MANY_REQUESTS,
          error: 'Too Many Requests',
          message: error.message,
          backlog: error.backlog,
          retryAfterSeconds: error.retryAfterSeconds,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  @Get()
  async list(
    @Query() query: unknown,
  ): Promise<{ items: GoalSummary[]; total: number; limit: number; offset: number }> {
    const { limit, offset, state } = parseRequest(listGoalsSchema, query, 'query');
    const page = await this.goals.list({ limit, offset, ...(state ? { state } : {}) });
    return { items: page.items.map(goalSummary), total: page.total, limit, offset };
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<GoalView> {
    const snapshot = await this.goals.find(id);
    if (!snapshot) throw new NotFoundException(`goal ${id} not found`);
    return goalView(snapshot);
  }
}

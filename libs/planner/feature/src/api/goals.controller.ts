import { GoalRepository } from '@agora/planner/data-access';
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
import { GoalService } from '../goals/goal.service';
import { listGoalsSchema, parseRequest, submitGoalSchema } from './goal-api.schemas';
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
  async submit(@Body() body: unknown): Promise<{ goalId: string }> {
    const command = parseRequest(submitGoalSchema, body, 'body');
    return { goalId: await this.service.submit(command) };
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

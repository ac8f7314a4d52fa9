import { GoalRepository } from '@agora/planner/data-access';
import { parseRequest } from '@agora/runtime';
import { Controller, Get, Query } from '@nestjs/common';
import { listDecisionsSchema } from './goal-api.schemas';
import { decisionView, type DecisionView } from './goal-view';

/**
 * Approval steps waiting for a person, across goals: what `agora decisions` lists. A decision is
 * taken on its goal: POST /goals/:goalId/tasks/:taskName/decision.
 */
@Controller('decisions')
export class DecisionsController {
  constructor(private readonly goals: GoalRepository) {}

  @Get()
  async list(@Query() query: unknown): Promise<{ items: DecisionView[] }> {
    const { limit } = parseRequest(listDecisionsSchema, query, 'query');
    const pending = await this.goals.pendingDecisions(limit);
    return { items: pending.map(decisionView) };
  }
}

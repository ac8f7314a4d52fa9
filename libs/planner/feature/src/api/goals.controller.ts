import { GoalRepository } from '@agora/planner/data-access';
import {
  checkCommands,
  idempotencyKeyProblem,
  noPlanReason,
  validateInlinePlan,
  WorkflowCatalog,
  WorkflowValidationError,
  type GoalDecomposer,
  type WorkflowDefinition,
} from '@agora/planner/domain';
import { parseRequest, SERVICE_CONFIG } from '@agora/runtime';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Response } from 'express';
import { AgentRosterService } from '../agents/agent-roster.service';
import { BacklogFullError, GoalService, IdempotencyKeyReusedError } from '../goals/goal.service';
import { GOAL_DECOMPOSER, type PlannerSettings } from '../planner-settings';
import {
  cancelSchema,
  decisionSchema,
  listGoalsSchema,
  submitGoalSchema,
} from './goal-api.schemas';
import { goalSummary, goalView, type GoalSummary, type GoalView } from './goal-view';
import { CHANGED_BY_HEADER, workflowInvalid } from './workflows.controller';

/** The header that makes a submission safe to send again (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The planner's HTTP API: submit goals and follow them. */
@Controller('goals')
export class GoalsController {
  constructor(
    private readonly service: GoalService,
    private readonly goals: GoalRepository,
    private readonly catalog: WorkflowCatalog,
    @Inject(SERVICE_CONFIG) private readonly settings: PlannerSettings,
    @Inject(GOAL_DECOMPOSER) private readonly model: GoalDecomposer | null,
    private readonly roster: AgentRosterService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async submit(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
  ): Promise<{ goalId: string }> {
    const command = parseRequest(submitGoalSchema, body, 'body');
    if (idempotencyKey !== undefined) {
      const problem = idempotencyKeyProblem(idempotencyKey);
      if (problem) throw fieldRefused(IDEMPOTENCY_KEY_HEADER, problem);
    }
    let plan: WorkflowDefinition | undefined;
    if (command.plan !== undefined) {
      if (command.workflow !== undefined) {
        throw fieldRefused('plan', 'give a workflow or a plan, not both');
      }
      try {
        plan = validateInlinePlan(command.plan);
      } catch (error) {
        if (error instanceof WorkflowValidationError) throw workflowInvalid(error, 'plan');
        throw error;
      }
    } else if (command.workflow !== undefined) {
      plan = this.catalog.get(command.workflow);
      if (!plan) {
        throw workflowRefused(
          `unknown workflow '${command.workflow}'; known workflows: ${this.catalog.names.sort().join(', ')}`,
        );
      }
    }
    if (plan) {
      // Refused now, naming the step, rather than accepted and failed once planned.
      const under = command.plan !== undefined ? 'plan' : 'workflow';
      try {
        checkCommands(plan, await this.roster.live(), under);
      } catch (error) {
        if (error instanceof WorkflowValidationError) throw workflowInvalid(error, under);
        throw error;
      }
    }
    if (
      command.workflow === undefined &&
      command.plan === undefined &&
      !this.model &&
      !this.settings.PLANNER_DEFAULT_WORKFLOW
    ) {
      // Refused now rather than accepted and failed once planned.
      throw workflowRefused(noPlanReason(this.catalog));
    }
    try {
      const { goalId, replayed } = await this.service.submit({
        ...command,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      });
      // The same answer as the first time, marked as a replay (draft-ietf-httpapi-idempotency-key-header).
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      return { goalId };
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError) {
        throw new UnprocessableEntityException({
          statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
          error: 'Unprocessable Entity',
          message: `${IDEMPOTENCY_KEY_HEADER}: ${error.message}`,
          fields: [{ field: IDEMPOTENCY_KEY_HEADER, message: error.message }],
          goalId: error.goalId,
        });
      }
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

  /**
   * Cancels a goal that has not ended: it fails as `cancelled`, naming who (x-agora-user) and
   * why, and the agents of its running tasks are told to stop. 409 once the goal has ended.
   */
  @Post(':goalId/cancel')
  @HttpCode(HttpStatus.OK)
  async cancel(
    @Param('goalId') goalId: string,
    @Body() body: unknown,
    @Headers(CHANGED_BY_HEADER) user: string | undefined,
  ): Promise<{ goalId: string; goalState: string; reason: string }> {
    const { reason } = parseRequest(cancelSchema, body ?? {}, 'body');
    const done = await this.service.cancel({
      goalId,
      by: user?.trim() || null,
      reason: reason?.trim() || null,
    });
    switch (done.outcome) {
      case 'cancelled':
        return { goalId, goalState: 'failed', reason: done.reason };
      case 'unknown_goal':
        throw new NotFoundException(done.message);
      case 'already_ended':
        throw new ConflictException(done.message);
    }
  }

  /**
   * A person approves or rejects an approval step that waits for them. 409 when the step does
   * not wait for a decision (decided already, not reached yet, not an approval, goal over).
   */
  @Post(':goalId/tasks/:taskName/decision')
  @HttpCode(HttpStatus.OK)
  async decide(
    @Param('goalId') goalId: string,
    @Param('taskName') taskName: string,
    @Body() body: unknown,
    @Headers(CHANGED_BY_HEADER) user: string | undefined,
  ): Promise<{ goalId: string; task: string; decision: string; goalState: string }> {
    const { decision, comment } = parseRequest(decisionSchema, body, 'body');
    const done = await this.service.decide({
      goalId,
      taskName,
      decision,
      comment: comment?.trim() || null,
      by: user?.trim() || null,
    });
    switch (done.outcome) {
      case 'decided':
        return { goalId, task: taskName, decision, goalState: done.goalState };
      case 'unknown_goal':
      case 'unknown_task':
        throw new NotFoundException(done.message);
      case 'not_awaiting':
        throw new ConflictException(done.message);
    }
  }
}

/** A 400 on the body's workflow, shaped as parseRequest shapes them. */
function workflowRefused(message: string): BadRequestException {
  return fieldRefused('workflow', message);
}

function fieldRefused(field: string, message: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `${field}: ${message}`,
    fields: [{ field, message }],
  });
}

import {
  InvalidQueryError,
  parseGoalQuery,
  type AgentRow,
  type GoalDetail,
  type GoalRow,
  type PendingDecisionRow,
  type SwarmView,
} from '@agora/console/domain';
import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
} from '@nestjs/common';
import { ConsoleViewService } from './console-view.service';
import { ConsumerLagService } from './consumer-lag.service';

function badRequest(error: unknown): never {
  if (error instanceof InvalidQueryError) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: error.message,
      field: error.field,
      // The shape every Agora REST API answers a 400 with (see parseRequest).
      fields: [{ field: error.field, message: error.problem }],
    });
  }
  throw error;
}

/** The read model over HTTP: goals, one goal whole, agents, the swarm. */
@Controller('api')
export class ConsoleApiController {
  constructor(
    private readonly view: ConsoleViewService,
    private readonly lag: ConsumerLagService,
  ) {}

  /** `GET /api/goals?state=&workflow=&q=&limit=`: newest first. */
  @Get('goals')
  goals(@Query() params: Record<string, unknown>): { goals: GoalRow[] } {
    let query;
    try {
      query = parseGoalQuery(params);
    } catch (error) {
      badRequest(error);
    }
    return { goals: this.view.model.listGoals(query) };
  }

  /** `GET /api/goals/:id`: the goal with its tasks, attempts, bids and timeline. */
  @Get('goals/:id')
  goal(@Param('id') id: string): GoalDetail {
    const goal = this.view.model.goalDetail(id);
    if (!goal) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `the console has not seen goal '${id}' (or no longer keeps it)`,
      });
    }
    return goal;
  }

  /** `GET /api/agents`: by agentId. */
  @Get('agents')
  agents(): { agents: AgentRow[] } {
    return { agents: this.view.model.agentRows() };
  }

  /** `GET /api/decisions`: approval steps waiting for a person, the longest-waiting first. */
  @Get('decisions')
  decisions(): { decisions: PendingDecisionRow[] } {
    return { decisions: this.view.model.pendingDecisions() };
  }

  /** `GET /api/swarm`. */
  @Get('swarm')
  async swarm(): Promise<SwarmView> {
    return this.view.model.swarm(await this.lag.fresh());
  }
}

import { DeadLetterModule } from '@agora/dead-letters';
import type { Logger } from '@agora/observability';
import { OutboxModule } from '@agora/outbox';
import { GoalRepository, TaskStepRepository } from '@agora/planner/data-access';
import { WorkflowCatalog, type GoalDecomposer } from '@agora/planner/domain';
import { LOGGER } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { AgentRosterService } from './agents/agent-roster.service';
import { DecisionsController } from './api/decisions.controller';
import { GoalsController } from './api/goals.controller';
import { OpenApiController } from './api/openapi.controller';
import { WorkflowsController } from './api/workflows.controller';
import { GoalService } from './goals/goal.service';
import { PlannerEventsHandler } from './goals/planner-events.handler';
import { GOAL_DECOMPOSER } from './planner-settings';
import { TaskStepsController } from './steps/task-steps.controller';
import { TaskStepsHandler } from './steps/task-steps.handler';
import { GoalStreamController } from './stream/goal-stream.controller';
import { GoalStreamService } from './stream/goal-stream.service';
import { GoalSweeper } from './sweeper/goal-sweeper';
import { WorkflowRegistry } from './workflows/workflow-registry.service';

export interface PlannerModuleOptions {
  /**
   * Plans goals that name no workflow with a language model. Its answers are validated like
   * workflow files; an unusable answer falls back to PLANNER_DEFAULT_WORKFLOW.
   * @default undefined: such goals get PLANNER_DEFAULT_WORKFLOW
   */
  decomposer?: GoalDecomposer;
  /**
   * The default workflows goals may name; those registered over the API (POST /workflows, shared
   * by every replica through agora.planner.workflows) are added to it while the planner runs.
   * @default the shipped workflows (libs/planner/domain/src/workflows)
   */
  catalog?: WorkflowCatalog;
}

/**
 * The planner: plans goals, follows their tasks through auctions and evaluations, enforces
 * budgets and deadlines, and serves the goals API and, as the platform's REST edge, the
 * dead-letter API (/dead-letters). Needs ServiceRuntimeModule (Kafka, PostgreSQL,
 * SERVICE_CONFIG with the PlannerSettings keys, LOGGER).
 */
@Module({})
export class PlannerModule {
  static register(options: PlannerModuleOptions = {}): DynamicModule {
    return {
      module: PlannerModule,
      imports: [
        DeadLetterModule,
        OutboxModule.forFeature({
          inject: [LOGGER],
          useFactory: (logger: Logger) => ({ logger }),
        }),
      ],
      controllers: [
        GoalsController,
        DecisionsController,
        OpenApiController,
        WorkflowsController,
        TaskStepsController,
        GoalStreamController,
      ],
      providers: [
        AgentRosterService,
        GoalRepository,
        GoalService,
        GoalStreamService,
        PlannerEventsHandler,
        TaskStepRepository,
        TaskStepsHandler,
        GoalSweeper,
        WorkflowRegistry,
        {
          provide: WorkflowCatalog,
          useFactory: () => options.catalog ?? WorkflowCatalog.fromDirectory(),
        },
        { provide: GOAL_DECOMPOSER, useValue: options.decomposer ?? null },
      ],
      exports: [GoalService],
    };
  }
}

import { AgentStatsRepository } from '@agora/executor/data-access';
import { defaultSkills, type SkillRegistry } from '@agora/executor/domain';
import { MessagingClient } from '@agora/messaging';
import type { Logger } from '@agora/observability';
import { LOGGER, SERVICE_CONFIG } from '@agora/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { AgentPool } from './agents/agent-pool';
import { HeartbeatService } from './agents/heartbeat.service';
import { StatsRecorder } from './agents/stats-recorder.service';
import type { ExecutorConfig } from './executor-config';
import { executorGroups, ExecutorService } from './executor.service';
import { MemorySearchClient } from './skills/memory-search.client';
import { AgentLoop } from './agent-loop/agent-loop.service';
import { TaskJournals } from './agent-loop/task-journals.service';
import { McpTools } from './agent-loop/mcp-tools.service';
import { SkillRunner } from './skills/skill-runner.service';
import { TaskRunner } from './tasks/task-runner.service';
import { EXECUTOR_CONFIG, EXECUTOR_SKILLS } from './tokens';

/**
 * The executor's agents: bidding, task execution, heartbeats and graceful drain. Reads its
 * settings from SERVICE_CONFIG (see {@link ExecutorConfig}); serves the built-in skills unless
 * {@link ExecutorModule.register} is given a registry.
 */
@Module({
  providers: [
    { provide: EXECUTOR_SKILLS, useFactory: defaultSkills },
    { provide: EXECUTOR_CONFIG, useExisting: SERVICE_CONFIG },
    {
      provide: MemorySearchClient,
      inject: [MessagingClient, EXECUTOR_CONFIG, LOGGER, AgentPool],
      useFactory: (
        messaging: MessagingClient,
        config: ExecutorConfig,
        logger: Logger,
        pool: AgentPool,
      ) =>
        new MemorySearchClient(
          messaging,
          executorGroups(messaging.options.consumer.groupId, config.instanceId, pool.incarnation)
            .replies,
          logger,
          config.MEMORY_SEARCH_TIMEOUT_MS,
        ),
    },
    AgentStatsRepository,
    AgentPool,
    HeartbeatService,
    StatsRecorder,
    TaskJournals,
    AgentLoop,
    McpTools,
    SkillRunner,
    TaskRunner,
    ExecutorService,
  ],
  exports: [ExecutorService, AgentPool],
})
export class ExecutorModule {
  /** The executor serving these skills (the built-in ones plus any registered on the registry). */
  static register(options: { skills: SkillRegistry }): DynamicModule {
    return {
      module: ExecutorModule,
      providers: [{ provide: EXECUTOR_SKILLS, useValue: options.skills }],
    };
  }
}

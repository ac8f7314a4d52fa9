import { AgentCapabilityStatsEntity, TaskOutcomeEntity } from './agent-capability-stats.entity';
import { CreateAgentStats1767225600000 } from './migrations/create-agent-stats.migration';

export { AgentCapabilityStatsEntity, TaskOutcomeEntity } from './agent-capability-stats.entity';
export { AgentStatsRepository, type TaskOutcome } from './agent-stats.repository';
export { CreateAgentStats1767225600000 } from './migrations/create-agent-stats.migration';

/** Everything the executor's DataSource needs. */
export const executorEntities = [AgentCapabilityStatsEntity, TaskOutcomeEntity];
export const executorMigrations = [CreateAgentStats1767225600000];

export { GoalEntity } from './entities/goal.entity';
export { TaskEntity } from './entities/task.entity';
export { CreatePlannerTables1763900000000 } from './migrations/1763900000000-create-planner-tables';
export { plannerEntities, plannerMigrations } from './planner-database';
export { WaitingAndOutbox1767312000000 } from './migrations/1767312000000-waiting-and-outbox';
export type { AttemptKey } from '@agora/database';
export {
  GoalRepository,
  type AwardedTask,
  type AwardsRecorded,
  type HeldResult,
  type GoalPage,
  type OrphanedSubGoal,
  type PendingDecision,
  type GoalTransaction,
  type WaitingTask,
} from './repositories/goal.repository';
export { TaskStepRepository, type TaskStepRecord } from './repositories/task-step.repository';

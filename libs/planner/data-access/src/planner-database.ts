import { GoalEntity } from './entities/goal.entity';
import { TaskEntity } from './entities/task.entity';
import { CreatePlannerTables1763900000000 } from './migrations/1763900000000-create-planner-tables';
import { WaitingAndOutbox1767312000000 } from './migrations/1767312000000-waiting-and-outbox';
import { ReleasedAttempts1767398400000 } from './migrations/1767398400000-released-attempts';
import { GoalTraceId1767484800000 } from './migrations/1767484800000-goal-trace-id';
import { HeldResults1767571200000 } from './migrations/1767571200000-held-results';
import { RequestedPlan1767657600000 } from './migrations/1767657600000-requested-plan';
import { TaskOutputKind1767744000000 } from './migrations/1767744000000-task-output-kind';
import { TaskDecisions1767830400000 } from './migrations/1767830400000-task-decisions';
import { TaskSteps1767916800000 } from './migrations/1767916800000-task-steps';
import { TaskDoneBy1768003200000 } from './migrations/1768003200000-task-done-by';
import { SubGoalParent1768089600000 } from './migrations/1768089600000-sub-goal-parent';

/** The planner's TypeORM entities. */
export const plannerEntities = [GoalEntity, TaskEntity];
/** The planner's migrations, oldest first. */
export const plannerMigrations = [
  CreatePlannerTables1763900000000,
  WaitingAndOutbox1767312000000,
  ReleasedAttempts1767398400000,
  GoalTraceId1767484800000,
  HeldResults1767571200000,
  RequestedPlan1767657600000,
  TaskOutputKind1767744000000,
  TaskDecisions1767830400000,
  TaskSteps1767916800000,
  TaskDoneBy1768003200000,
  SubGoalParent1768089600000,
];

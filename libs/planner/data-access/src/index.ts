export { GoalEntity } from './entities/goal.entity';
export { TaskEntity } from './entities/task.entity';
export { CreatePlannerTables1763900000000 } from './migrations/1763900000000-create-planner-tables';
export { plannerEntities, plannerMigrations } from './planner-database';
export {
  GoalRepository,
  type GoalPage,
  type GoalTransaction,
} from './repositories/goal.repository';

export { openApiDocument } from './api/openapi.controller';
export type { GoalView, TaskView, GoalSummary } from './api/goal-view';
export { GoalService, type SubmitGoalCommand } from './goals/goal.service';
export {
  ModelDecomposer,
  modelDecomposerFromSettings,
  type LanguageModelSettings,
  type ModelDecomposerOptions,
} from './planning/model-decomposer';
export { PlannerModule, type PlannerModuleOptions } from './planner.module';
export { GOAL_DECOMPOSER, type PlannerSettings } from './planner-settings';
export { GoalSweeper } from './sweeper/goal-sweeper';

export { openApiDocument } from './api/openapi.controller';
export { GoalService, type SubmitGoalCommand } from './goals/goal.service';
export { PlannerModule, type PlannerModuleOptions } from './planner.module';
export { GOAL_DECOMPOSER, type PlannerSettings } from './planner-settings';
export { GoalSweeper } from './sweeper/goal-sweeper';

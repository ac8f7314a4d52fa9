export { TEST_GOAL_CREATED_AT, testGoalRecord, testSnapshot } from './goal-records';

export { frameOf, GoalStreamController, sseFrame } from './goal-stream.controller';
export {
  GoalStreamService,
  streamedTaskEvents,
  type GoalStreamItem,
  type StreamedTaskEvent,
} from './goal-stream.service';

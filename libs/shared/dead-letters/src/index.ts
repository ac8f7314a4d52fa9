export {
  deadLetterPathSchema,
  listDeadLettersSchema,
  purgeDeadLettersSchema,
  replayDeadLettersSchema,
} from './api/dead-letter-api.schemas';
export { deadLetterOpenApiPaths } from './api/dead-letter-openapi';
export { DeadLettersController, type DeadLetterPage } from './api/dead-letters.controller';
export { DeadLetterModule } from './dead-letter.module';
export {
  DeadLetterNotFoundError,
  findDeadLetters,
  matchesFilter,
  parsePosition,
  parseTime,
  positionOf,
  selectDeadLetters,
  TIME_EXAMPLE,
  type DeadLetterFilter,
  type DeadLetterPosition,
  type TopicCatalog,
} from './dead-letter-query';
export {
  deadLetterSummary,
  deadLetterView,
  hexValue,
  purgeReport,
  toJson,
  type DeadLetterSummary,
  type DeadLetterValue,
  type DeadLetterView,
  type PurgeReport,
  type ReplayedDeadLetter,
} from './dead-letter-view';
export { DeadLetterService } from './dead-letter.service';

export {
  dataSourceOptions,
  DatabaseHealth,
  DatabaseModule,
  type DatabaseOptions,
} from './database.module';
export { dropSchema, ensureSchema } from './ensure-schema';
export { initializeDataSource } from './initialize-data-source';
export { QueryCounter } from './query-counter';
export {
  claimHeldResults,
  createHeldResultsTable,
  holdResults,
  lockAttempts,
  type AttemptKey,
  type HeldRow,
} from './held-results';

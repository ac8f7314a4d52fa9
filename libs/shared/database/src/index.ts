export {
  dataSourceOptions,
  DatabaseHealth,
  DatabaseModule,
  type DatabaseOptions,
} from './database.module';
export { ensureSchema } from './ensure-schema';
export { QueryCounter } from './query-counter';

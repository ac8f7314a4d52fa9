export { DatabaseHealth, DatabaseModule, type DatabaseOptions } from './database.module';

import { counter } from '@agora/observability';
import type { Logger } from 'typeorm';

const queries = counter(
  'agora_db_queries_total',
  'SQL statements sent to PostgreSQL through TypeORM, transaction control included.',
);

/**
 * A TypeORM logger that counts statements and logs nothing: TypeORM hands every statement to its
 * logger's `logQuery` whatever the `logging` option says, so this sees all of them, while the
 * services keep logging through pino only.
 */
export class QueryCounter implements Logger {
  logQuery(): void {
    queries.inc();
  }

  logQueryError(): void {}

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(): void {}

  log(): void {}
}

import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createSchema } from './ensure-schema';

/**
 * First key of the advisory lock that serializes migrations (the second is the schema's hash),
 * an arbitrary constant that no other lock in the database uses.
 */
const MIGRATION_LOCK = 0x61676f72; // 'agor'

/**
 * Connects a service's DataSource, creating its schema and applying pending migrations while
 * holding a PostgreSQL advisory lock for that schema. Replicas starting together on a fresh
 * database (two executors, say) would otherwise each create the migrations table or run the same
 * migration at once, and all but one fail on a duplicate key. The lock is held by a connection of
 * its own and released when it closes, so a replica that dies mid-migration releases it too.
 */
export async function initializeDataSource(
  options: {
    url: string;
    applicationName: string;
    /** @default 'public' */
    schema?: string;
    /** @default true */
    migrationsRun?: boolean;
  },
  typeormOptions: DataSourceOptions,
): Promise<DataSource> {
  const schema = options.schema ?? 'public';
  const lock = new Client({
    connectionString: options.url,
    application_name: `${options.applicationName} (migrations)`,
  });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK, schema]);
    if (options.schema) await createSchema(lock, options.schema);
    const dataSource = await new DataSource({
      ...typeormOptions,
      migrationsRun: false,
    }).initialize();
    if (options.migrationsRun ?? true) {
      try {
        await dataSource.runMigrations({
          transaction: typeormOptions.migrationsTransactionMode ?? 'all',
        });
      } catch (error) {
        await dataSource.destroy().catch(() => undefined);
        throw error;
      }
    }
    return dataSource;
  } finally {
    await lock.end().catch(() => undefined);
  }
}

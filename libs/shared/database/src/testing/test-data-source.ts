import { randomBytes } from 'node:crypto';
import { stackEnv } from '@agora/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { dataSourceOptions, type DatabaseOptions } from '../database.module';
import { initializeDataSource } from '../initialize-data-source';

/**
 * A DataSource on the real test database, in a schema of its own with the migrations applied,
 * and a function that drops the schema again.
 */
export async function testDataSource(
  options: Pick<DatabaseOptions, 'entities' | 'migrations'> & { label?: string },
): Promise<{ dataSource: DataSource; schema: string; drop: () => Promise<void> }> {
  const url = stackEnv().DATABASE_URL;
  const schema = `t_${(options.label ?? 'db')
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const db = { ...options, url, applicationName: 'agora-test', schema, poolSize: 4 };
  const dataSource = await initializeDataSource(db, dataSourceOptions(db));
  return {
    dataSource,
    schema,
    drop: async () => {
      await dataSource.destroy();
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
    },
  };
}

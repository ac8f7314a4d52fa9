import { renderMetrics } from '@agora/observability';
import { stackEnv } from '@agora/testing';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database.module';
import { initializeDataSource } from './initialize-data-source';
import { testDataSource } from './testing';

class CreateNotes1700000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`create table notes (id serial primary key, body text not null)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table notes`);
  }
}

describe('a service database in its own schema', () => {
  it('creates the schema, applies migrations there, and drops it', async () => {
    const { dataSource, schema, drop } = await testDataSource({
      migrations: [CreateNotes1700000000000],
      label: 'notes',
    });
    try {
      await dataSource.query(`insert into notes (body) values ('hello')`);
      const rows = await dataSource.query<{ table_schema: string }[]>(
        `select table_schema from information_schema.tables where table_name = 'notes' and table_schema = $1`,
        [schema],
      );
      expect(rows).toEqual([{ table_schema: schema }]);
      const migrations = await dataSource.query<{ name: string }[]>(
        `select name from "${schema}".migrations`,
      );
      expect(migrations.map((m) => m.name)).toEqual(['CreateNotes1700000000000']);
    } finally {
      await drop();
    }
    const client = new Client({ connectionString: stackEnv().DATABASE_URL });
    await client.connect();
    const left = await client
      .query(`select 1 from information_schema.schemata where schema_name = $1`, [schema])
      .finally(() => client.end());
    expect(left.rows).toEqual([]);
  });
});

/** agora_db_queries_total as /metrics serves it. */
async function queriesSoFar(): Promise<number> {
  const { body } = await renderMetrics();
  const line = body.split('\n').find((l) => l.startsWith('agora_db_queries_total'));
  return Number(line?.split(' ').pop());
}

describe('the query counter', () => {
  it('counts every statement, failed ones and transaction control included, and logs nothing', async () => {
    const { dataSource, drop } = await testDataSource({
      migrations: [CreateNotes1700000000000],
      label: 'counted',
    });
    const log = vi.spyOn(console, 'log');
    try {
      const before = await queriesSoFar();
      await dataSource.query('select 1');
      // START TRANSACTION, INSERT, COMMIT
      await dataSource.transaction((m) => m.query(`insert into notes (body) values ('x')`));
      await expect(dataSource.query('select * from no_such_table')).rejects.toThrow();
      expect((await queriesSoFar()) - before).toBe(5);
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
      await drop();
    }
  });
});

describe('migrations', () => {
  it('run once when two data sources migrate a fresh schema at the same moment', async () => {
    const url = stackEnv().DATABASE_URL;
    const schema = `t_race_${randomBytes(4).toString('hex')}`;
    const options = {
      url,
      applicationName: 'agora-test',
      schema,
      migrations: [CreateNotes1700000000000],
      poolSize: 2,
    };
    const started: DataSource[] = [];
    try {
      const results = await Promise.allSettled(
        [1, 2, 3].map(() =>
          initializeDataSource(options, dataSourceOptions(options)).then((ds) => {
            started.push(ds);
            return ds;
          }),
        ),
      );
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
        'ok',
        'ok',
        'ok',
      ]);
      const applied = await started[0]!.query<{ name: string }[]>(
        `select name from "${schema}".migrations`,
      );
      expect(applied.map((m) => m.name)).toEqual(['CreateNotes1700000000000']);
    } finally {
      await Promise.all(started.map((ds) => ds.destroy()));
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
    }
  });
});

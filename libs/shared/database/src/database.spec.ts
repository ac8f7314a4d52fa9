import { stackEnv } from '@agora/testing';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';
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

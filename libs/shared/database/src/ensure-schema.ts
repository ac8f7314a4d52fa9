import { Client } from 'pg';

/** Creates a schema when it is missing. Runs before TypeORM connects, so migrations can use it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(
      `database schema '${schema}' must be lower-case letters, digits and underscores`,
    );
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } finally {
    await client.end();
  }
}

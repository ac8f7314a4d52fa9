import { Client } from 'pg';

/** Creates a schema when it is missing. Runs before TypeORM connects, so migrations can use it. */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await createSchema(client, schema);
  } finally {
    await client.end();
  }
}

/** `create schema if not exists` on a connection the caller holds, after checking the name. */
export async function createSchema(client: Client, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(
      `database schema '${schema}' must be lower-case letters, digits and underscores`,
    );
  }
  await client.query(`create schema if not exists "${schema}"`);
}

/** Drops a schema and everything in it, if it exists: the clean-up of a test's or a benchmark's schema. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(
      `database schema '${schema}' must be lower-case letters, digits and underscores`,
    );
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

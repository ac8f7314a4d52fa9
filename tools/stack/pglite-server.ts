/**
 * Embedded PostgreSQL for machines without one: PGlite (PostgreSQL compiled to WebAssembly)
 * served over the wire protocol, so `pg`, TypeORM and psql connect as to a real server.
 *
 *   node --import tsx tools/stack/pglite-server.ts --data <dir> [--port 54329] [--host 127.0.0.1] [--max-connections 20]
 *
 * The stack CLI starts it detached; it runs until SIGTERM or SIGINT, then closes the database
 * cleanly so the data directory stays usable.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '54329' },
      host: { type: 'string', default: '127.0.0.1' },
      'max-connections': { type: 'string', default: '20' },
    },
  });
  if (!values.data) throw new Error('--data <dir> is required');
  const port = Number(values.port);
  const maxConnections = Number(values['max-connections']);

  fs.mkdirSync(values.data, { recursive: true });
  const started = performance.now();
  const db = await PGlite.create(values.data);
  // The server's default is a single connection; a pool or a second client would then wait.
  const server = new PGLiteSocketServer({ db, port, host: values.host, maxConnections });
  await server.start();
  console.log(
    `${new Date().toISOString()} PGlite listening on ${server.getServerConn()} ` +
      `(data ${values.data}, up to ${maxConnections} connections, ready in ${Math.round(performance.now() - started)} ms)`,
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${new Date().toISOString()} ${signal}: closing`);
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * npx tsx tools/stack/cli.ts <up|down|status> [--purge] [--quiet]
 *
 * Exit codes: 0 ok, 1 failure, 3 (status only) some component does not answer.
 */
import { parseArgs } from 'node:util';

import { ENVIRONMENT_HELP, ensureStack, printStatusTable, stackStatus, stopStack } from './stack';
import { StackError } from './stack.errors';

const USAGE = `Usage: npx tsx tools/stack/cli.ts <command> [options]

Commands:
  up        start Kafka, the schema registry and PostgreSQL (downloads them the first time)
            and fetch the memory's offline embedding model into .agora/models
  down      stop what "up" started; data is kept (--purge deletes .agora/stack, never the downloads)
  status    show each component and the model; exit code 3 unless all components answer

Options:
  --purge   with down: also delete Kafka, registry and embedded database data and logs
  --quiet   with up: print nothing but errors

Environment:
${ENVIRONMENT_HELP}`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      purge: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0] ?? '';
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  switch (command) {
    case 'up':
      await ensureStack({ quiet: values.quiet, writeSettings: true });
      return 0;
    case 'down':
      await stopStack({ purge: values.purge, quiet: values.quiet });
      return 0;
    case 'status': {
      const status = await stackStatus();
      printStatusTable(status);
      return status.up ? 0 : 3;
    }
    default:
      console.error(command ? `Unknown command: ${command}\n` : 'No command given.\n');
      console.error(USAGE);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof StackError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`\n${(error as Error).message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);

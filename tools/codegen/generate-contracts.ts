/*
 * Generates libs/contracts/src/generated from schemas/avro and schemas/topics.yaml, and the JSON
 * Schema of the task payloads (schemas/payloads) from the zod schemas in libs/contracts.
 *
 *   npx tsx tools/codegen/generate-contracts.ts                     write the generated files
 *   npx tsx tools/codegen/generate-contracts.ts --check             exit 1 if they are stale
 *   npx tsx tools/codegen/generate-contracts.ts --update-fixtures   also rewrite the golden
 *                                                                   schemas/fixtures/*.hex
 *
 * Rewriting golden files defeats their purpose unless the change to the bytes is intended, so
 * --update-fixtures is only for a deliberate schema change or a new event.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Type } from 'avsc';
import { compileContracts, type ContractModel } from './contract-compiler';
import { loadFormatOptions, renderContracts } from './contract-renderer';
import { contractPaths, readContractSources } from './contract-sources';
// The codec file itself rather than the testing entry point, which imports the generated code:
// the generator must run even when that code is missing or broken.
import { encodeFixture, toHex } from '../../libs/contracts/src/testing/fixture-codec';
import { renderPayloadSchemas } from './payload-schemas';

const command = 'npx tsx tools/codegen/generate-contracts.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      'update-fixtures': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.check && values['update-fixtures']) {
    throw new Error('--check and --update-fixtures cannot be combined');
  }
  const root = resolve(__dirname, '../..');
  const model = compileContracts(readContractSources(root));
  const formatOptions = await loadFormatOptions(root);
  const files = [
    ...(await renderContracts(model, formatOptions)),
    ...(await renderPayloadSchemas(formatOptions)),
  ];

  if (values.check) {
    const stale = files.filter(({ path, content }) => readIfExists(join(root, path)) !== content);
    for (const { path } of stale) {
      console.error(`${path} is out of date with schemas/; run: ${command}`);
    }
    return stale.length === 0 ? 0 : 1;
  }

  for (const { path, content } of files) {
    writeIfChanged(root, path, content);
  }
  if (values['update-fixtures']) {
    updateFixtures(root, model);
  }
  return 0;
}

function updateFixtures(root: string, model: ContractModel): void {
  for (const event of model.events) {
    const jsonPath = `${contractPaths.fixturesDir}/${event.type}.json`;
    const json = readIfExists(join(root, jsonPath));
    if (json === undefined) {
      throw new Error(`${jsonPath} is missing: write a sample ${event.type} first`);
    }
    let bytes: Buffer;
    try {
      bytes = encodeFixture(Type.forSchema(event.schema as never), JSON.parse(json));
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new Error(`${jsonPath}: ${detail}`, { cause });
    }
    writeIfChanged(root, `${contractPaths.fixturesDir}/${event.type}.hex`, toHex(bytes));
  }
}

function writeIfChanged(root: string, path: string, content: string): void {
  const file = join(root, path);
  if (readIfExists(file) === content) {
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  console.log(`wrote ${path}`);
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

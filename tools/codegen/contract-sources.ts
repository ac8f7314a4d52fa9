import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** Repository-relative locations of the contract sources and of the generated files. */
export const contractPaths = {
  avroDir: 'schemas/avro',
  catalog: 'schemas/topics.yaml',
  fixturesDir: 'schemas/fixtures',
  eventsOut: 'libs/contracts/src/generated/events.ts',
  topicsOut: 'libs/contracts/src/generated/topics.ts',
} as const;

/** One parsed `.avsc` file; `schema` is unchecked JSON. */
export interface SchemaFile {
  readonly file: string;
  readonly schema: unknown;
}

/** The parsed topic catalog; `catalog` is unchecked YAML. */
export interface CatalogFile {
  readonly file: string;
  readonly catalog: unknown;
}

/**
 * Everything the compiler reads, already parsed but not validated. Kept apart from the disk so
 * tests can feed the compiler broken sources.
 */
export interface ContractSources {
  readonly schemas: readonly SchemaFile[];
  readonly catalog: CatalogFile;
}

/** Reads and parses `schemas/avro/*.avsc` and `schemas/topics.yaml` under `root`. */
export function readContractSources(root: string): ContractSources {
  // Sorted so the generated output does not depend on the file system's listing order.
  const names = readdirSync(join(root, contractPaths.avroDir))
    .filter((name) => name.endsWith('.avsc'))
    .sort();
  const schemas = names.map((name) => {
    const file = `${contractPaths.avroDir}/${name}`;
    return { file, schema: parseOrThrow(file, () => JSON.parse(readText(root, file))) };
  });
  const file = contractPaths.catalog;
  const catalog = parseOrThrow(file, () => parseYaml(readText(root, file)) as unknown);
  return { schemas, catalog: { file, catalog } };
}

function readText(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}

function parseOrThrow(file: string, parse: () => unknown): unknown {
  try {
    return parse();
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`${file}: cannot parse: ${detail}`, { cause });
  }
}

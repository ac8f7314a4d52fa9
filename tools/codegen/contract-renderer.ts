import { join } from 'node:path';
import { format, resolveConfig, type Options } from 'prettier';
import type {
  ContractModel,
  FieldModel,
  NamedTypeModel,
  PrimitiveName,
  TypeModel,
} from './contract-compiler';
import { contractPaths } from './contract-sources';

/** A file the generator writes, with its repository-relative path. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

const header = '// Generated from schemas/ by tools/codegen/generate-contracts.ts. Do not edit.';

/** The repository's Prettier options, so generated code reads like the hand-written code. */
export async function loadFormatOptions(root: string): Promise<Options> {
  return (await resolveConfig(join(root, contractPaths.eventsOut))) ?? {};
}

/**
 * Renders the generated TypeScript, formatted by Prettier. Pure: the same model and options
 * always give the same text, which is what the drift check relies on.
 */
export async function renderContracts(
  model: ContractModel,
  formatOptions: Options,
): Promise<GeneratedFile[]> {
  const pretty = (source: string): Promise<string> =>
    format(source, { ...formatOptions, parser: 'typescript' });
  return [
    { path: contractPaths.eventsOut, content: await pretty(renderEvents(model)) },
    { path: contractPaths.topicsOut, content: await pretty(renderTopics(model)) },
  ];
}

function renderEvents(model: ContractModel): string {
  const types = model.events.map((event) => event.type);
  const namedTypes = model.namedTypes.map(renderNamedType).join('\n');
  const eventMap = types.map((type) => `${type}: ${type};`).join('\n');
  const schemas = model.events
    .map((event) => `${event.type}: ${literal(event.schema)},`)
    .join('\n');
  return `${header}

${namedTypes}
/** Name of every event type; each has its own topic and schema. */
export type EventType = ${types.map((type) => quote(type)).join(' | ')};

/** The TypeScript shape of each event type. */
export interface EventMap {
${eventMap}
}

/** Every event type, in topic catalog order. */
export const eventTypes: readonly EventType[] = [${types.map((type) => quote(type)).join(', ')}];

/**
 * The Avro schema of each event, self-contained: shared types such as the envelope are inlined
 * at their first use, and docs, defaults and logical types are kept, so the schema registry
 * holds the whole contract under each topic's value subject.
 */
export const eventSchemas: Record<EventType, object> = {
${schemas}
};
`;
}

function renderNamedType(type: NamedTypeModel): string {
  if (type.kind === 'enum') {
    const symbols = type.symbols.map((symbol) => quote(symbol)).join(' | ');
    return `${tsDoc(type.doc)}export type ${type.name} = ${symbols};\n`;
  }
  const fields = type.fields.map(
    (field) => `${tsDoc(fieldDoc(field))}${field.name}: ${tsType(field.type)};`,
  );
  return `${tsDoc(type.doc)}export interface ${type.name} {\n${fields.join('\n')}\n}\n`;
}

function fieldDoc(field: FieldModel): string {
  return field.hasDefault ? `${field.doc}\n@default ${JSON.stringify(field.default)}` : field.doc;
}

const primitiveTypes: Readonly<Record<PrimitiveName, string>> = {
  boolean: 'boolean',
  // avsc reads long as a JS number and refuses values beyond 2^53 rather than lose precision.
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

function tsType(type: TypeModel): string {
  switch (type.kind) {
    case 'primitive':
      return primitiveTypes[type.name];
    case 'ref':
      return type.fullName.slice(type.fullName.lastIndexOf('.') + 1);
    case 'array': {
      const items = tsType(type.items);
      return items.includes(' ') ? `(${items})[]` : `${items}[]`;
    }
    case 'map':
      return `Record<string, ${tsType(type.values)}>`;
    case 'nullable':
      return `${tsType(type.type)} | null`;
  }
}

function renderTopics(model: ContractModel): string {
  const entries = model.events.map(({ type, topic }) => {
    const { event: _event, ...spec } = topic;
    return `${type}: ${literal(spec)},`;
  });
  const principals = model.principals.map(({ name, ...spec }) => `${name}: ${literal(spec)},`);
  return `${header}

import type { PrincipalSpec } from '../principal-spec';
import type { TopicSpec } from '../topic-spec';
import type { EventType } from './events';

/** Every topic, keyed by the event type it carries. */
export const topicCatalog = {
${entries.join('\n')}
} as const satisfies Record<EventType, TopicSpec>;

/** Every principal that may connect to the bus, keyed by its name. */
export const principalCatalog = {
${principals.join('\n')}
} as const satisfies Record<string, PrincipalSpec>;

/** Name of a principal of the catalog. */
export type Principal = keyof typeof principalCatalog;
`;
}

// Prettier lays the literal out; this only has to produce valid TypeScript with stable key order.
function literal(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(literal).join(', ')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key)}: ${literal(item)}`,
    );
    // A line break after the brace makes Prettier keep the object expanded, one key a line;
    // small flat objects such as { type: 'long', logicalType: 'timestamp-millis' } stay inline.
    const flat =
      entries.length <= 2 && Object.values(value).every((item) => typeof item !== 'object');
    return flat ? `{ ${entries.join(', ')} }` : `{\n${entries.join(',\n')},\n}`;
  }
  return typeof value === 'string' ? quote(value) : JSON.stringify(value);
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** Wraps a doc to fit 100 columns at one level of indent; Prettier leaves comments alone. */
function tsDoc(doc: string): string {
  const lines = doc
    .replaceAll('*/', '*\\/')
    .split('\n')
    .flatMap((paragraph) => wrap(paragraph.trim(), 92));
  if (lines.length === 1 && (lines[0] ?? '').length <= 88) {
    return `/** ${lines[0] ?? ''} */\n`;
  }
  return `/**\n${lines.map((line) => (line ? ` * ${line}` : ' *')).join('\n')}\n */\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

import { Type } from 'avsc';
import { z } from 'zod';
import { contractPaths, type ContractSources, type SchemaFile } from './contract-sources';
import type { PrincipalSpec } from '../../libs/contracts/src/principal-spec';
import type { TopicSpec } from '../../libs/contracts/src/topic-spec';

/** Namespace of every Agora record and enum. */
export const eventNamespace = 'io.agora.events';

const envelopeFullName = `${eventNamespace}.Envelope`;

/**
 * A contract source breaks a rule. The message names the file and, when there is one, the
 * record, field, topic or key at fault, so it can be fixed without a debugger.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';

  constructor(
    readonly file: string,
    readonly location: string | undefined,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`${file}${location === undefined ? '' : `: ${location}`}: ${detail}`, options);
  }
}

export type PrimitiveName = 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

/** The subset of Avro types Agora schemas may use; anything else is rejected with a reason. */
export type TypeModel =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName; readonly logicalType?: string }
  | { readonly kind: 'ref'; readonly fullName: string }
  | { readonly kind: 'array'; readonly items: TypeModel }
  | { readonly kind: 'map'; readonly values: TypeModel }
  | { readonly kind: 'nullable'; readonly type: TypeModel };

export interface FieldModel {
  readonly name: string;
  readonly doc: string;
  readonly type: TypeModel;
  readonly hasDefault: boolean;
  readonly default: unknown;
}

export interface RecordModel {
  readonly kind: 'record';
  readonly name: string;
  readonly fullName: string;
  readonly doc: string;
  readonly file: string;
  readonly fields: readonly FieldModel[];
}

export interface EnumModel {
  readonly kind: 'enum';
  readonly name: string;
  readonly fullName: string;
  readonly doc: string;
  readonly file: string;
  readonly symbols: readonly string[];
}

export type NamedTypeModel = RecordModel | EnumModel;

/** A catalog entry as generated into libs/contracts, plus the event it carries. */
export interface TopicModel extends TopicSpec {
  readonly event: string;
}

/** A principal of the catalog: who may connect, and the consumer groups it joins. */
export interface PrincipalModel extends PrincipalSpec {
  readonly name: string;
}

export interface EventModel {
  /** Short record name, which is also the event type. */
  readonly type: string;
  readonly file: string;
  /** Self-contained schema: shared named types inlined at their first use, docs kept. */
  readonly schema: Record<string, unknown>;
  readonly topic: TopicModel;
}

/** Validated contracts, in the order the generated code lists them. */
export interface ContractModel {
  /** Shared types in order of first use, then each event followed by the types nested in it. */
  readonly namedTypes: readonly NamedTypeModel[];
  /** Events in topic catalog order. */
  readonly events: readonly EventModel[];
  /** Principals in catalog order. */
  readonly principals: readonly PrincipalModel[];
}

interface FileModel {
  readonly file: string;
  readonly raw: Record<string, unknown>;
  readonly root: RecordModel;
  readonly role: 'event' | 'shared';
  /** Named types the file defines, root first, nested ones in the order they appear. */
  readonly defined: readonly NamedTypeModel[];
  /** Full names the file uses without defining them. */
  readonly references: ReadonlySet<string>;
}

/**
 * Validates the schemas and the topic catalog against each other and builds the model the
 * generator renders. Throws a {@link ContractError} at the first broken rule.
 */
export function compileContracts(sources: ContractSources): ContractModel {
  const files = sources.schemas.map(readSchemaFile);
  const byName = indexNamedTypes(files);
  checkReferences(files, byName);
  const sharedFiles = sortShared(files);
  const registry = parseShared(sharedFiles);
  const sharedRaw = new Map(sharedFiles.map((f) => [f.root.fullName, f.raw]));

  const { topics, principals } = compileCatalog(
    sources.catalog.file,
    sources.catalog.catalog,
    files,
  );
  const events = topics.map((topic): EventModel => {
    const file = requireFile(files, topic.event);
    return {
      type: topic.event,
      file: file.file,
      schema: selfContained(file, sharedRaw, registry),
      topic,
    };
  });

  const sharedOrder = firstUseOrder(events, files);
  const namedTypes = [
    ...sharedOrder.flatMap((fullName) => requireFileByFullName(files, fullName).defined),
    ...events.flatMap((event) => requireFile(files, event.type).defined),
  ];
  return { namedTypes, events, principals };
}

// ---------------------------------------------------------------------------------------------
// Schemas

interface WalkContext {
  readonly file: string;
  readonly namespace: string;
  readonly defined: NamedTypeModel[];
  readonly locals: Set<string>;
  readonly references: Set<string>;
}

const primitiveNames: ReadonlySet<string> = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

// Logical types the TypeScript mapping knows; anything else (decimal, for one) would decode to
// something other than what the generated type promises.
const logicalTypes: Readonly<Record<string, PrimitiveName>> = {
  'timestamp-millis': 'long',
  uuid: 'string',
};

function readSchemaFile({ file, schema }: SchemaFile): FileModel {
  if (!isObject(schema) || schema['type'] !== 'record') {
    throw new ContractError(file, undefined, 'the top-level schema must be a record');
  }
  const expected = baseName(file);
  if (schema['name'] !== expected) {
    throw new ContractError(
      file,
      undefined,
      `the record must be named after its file: ${expected}`,
    );
  }
  // Registry clients that derive a subject from the record read its explicit namespace.
  if (schema['namespace'] !== eventNamespace) {
    throw new ContractError(file, expected, `namespace must be "${eventNamespace}"`);
  }
  const ctx: WalkContext = {
    file,
    namespace: eventNamespace,
    defined: [],
    locals: new Set(),
    references: new Set(),
  };
  const rootType = readType(schema, ctx, expected);
  const root = ctx.defined[0];
  if (rootType.kind !== 'ref' || root?.kind !== 'record') {
    throw new ContractError(file, expected, 'the top-level schema must be a record');
  }
  const envelopeIndex = root.fields.findIndex((field) => field.name === 'envelope');
  const role = envelopeIndex === -1 ? 'shared' : 'event';
  if (role === 'event') {
    const envelope = root.fields[envelopeIndex];
    if (envelopeIndex !== 0) {
      throw new ContractError(file, `${root.name}.envelope`, 'envelope must be the first field');
    }
    if (envelope?.type.kind !== 'ref' || envelope.type.fullName !== envelopeFullName) {
      throw new ContractError(
        file,
        `${root.name}.envelope`,
        `envelope must reference "${envelopeFullName}" by name`,
      );
    }
  }
  return { file, raw: schema, root, role, defined: ctx.defined, references: ctx.references };
}

function readType(schema: unknown, ctx: WalkContext, location: string): TypeModel {
  if (typeof schema === 'string') {
    if (schema === 'null') {
      throw new ContractError(ctx.file, location, 'a bare "null" type carries no data');
    }
    if (primitiveNames.has(schema)) {
      return { kind: 'primitive', name: schema as PrimitiveName };
    }
    const fullName = qualify(schema, ctx.namespace);
    if (!ctx.locals.has(fullName)) {
      ctx.references.add(fullName);
    }
    return { kind: 'ref', fullName };
  }
  if (Array.isArray(schema)) {
    const [first, second, ...rest] = schema as unknown[];
    if (first !== 'null' || second === undefined || second === 'null' || rest.length > 0) {
      // Other unions decode to values that need a wrapper or a guess to tell the branches apart.
      throw new ContractError(
        ctx.file,
        location,
        'unions must be ["null", T]: null first, so that the default can be null',
      );
    }
    if (Array.isArray(second)) {
      throw new ContractError(ctx.file, location, 'unions cannot be nested');
    }
    return { kind: 'nullable', type: readType(second, ctx, location) };
  }
  if (!isObject(schema)) {
    throw new ContractError(ctx.file, location, `not a schema: ${JSON.stringify(schema)}`);
  }
  const type = schema['type'];
  const logicalType = schema['logicalType'];
  if (typeof logicalType === 'string') {
    if (logicalTypes[logicalType] !== type) {
      throw new ContractError(
        ctx.file,
        location,
        `unsupported logical type ${JSON.stringify(logicalType)} on ${JSON.stringify(type)}`,
      );
    }
    return { kind: 'primitive', name: type as PrimitiveName, logicalType };
  }
  switch (type) {
    case 'record':
      return readRecord(schema, ctx);
    case 'enum':
      return readEnum(schema, ctx);
    case 'array':
      return { kind: 'array', items: readType(schema['items'], ctx, `${location}[]`) };
    case 'map':
      return { kind: 'map', values: readType(schema['values'], ctx, `${location}{}`) };
    default:
      if (typeof type === 'string' && primitiveNames.has(type)) {
        return readType(type, ctx, location);
      }
      throw new ContractError(ctx.file, location, `unsupported type ${JSON.stringify(type)}`);
  }
}

function readRecord(schema: Record<string, unknown>, ctx: WalkContext): TypeModel {
  const { name, fullName } = declareName(schema, ctx);
  const doc = requireDoc(schema, ctx.file, name, 'record');
  const rawFields = schema['fields'];
  if (!Array.isArray(rawFields) || rawFields.length === 0) {
    throw new ContractError(ctx.file, name, 'a record needs a non-empty "fields" array');
  }
  const fields: FieldModel[] = [];
  const record: RecordModel = { kind: 'record', name, fullName, doc, file: ctx.file, fields };
  ctx.defined.push(record);
  ctx.locals.add(fullName);
  for (const rawField of rawFields as unknown[]) {
    const fieldName = isObject(rawField) ? rawField['name'] : undefined;
    if (!isObject(rawField) || typeof fieldName !== 'string') {
      throw new ContractError(ctx.file, name, 'every field needs a name');
    }
    const location = `${name}.${fieldName}`;
    if (fields.some((field) => field.name === fieldName)) {
      throw new ContractError(ctx.file, location, 'duplicate field');
    }
    const fieldDoc = requireDoc(rawField, ctx.file, location, 'field');
    const type = readType(rawField['type'], ctx, location);
    const hasDefault = 'default' in rawField;
    if (type.kind === 'nullable') {
      if (!hasDefault) {
        throw new ContractError(ctx.file, location, 'a nullable field needs "default": null');
      }
      if (rawField['default'] !== null) {
        throw new ContractError(ctx.file, location, 'the default of a nullable field must be null');
      }
    }
    fields.push({ name: fieldName, doc: fieldDoc, type, hasDefault, default: rawField['default'] });
  }
  return { kind: 'ref', fullName };
}

function readEnum(schema: Record<string, unknown>, ctx: WalkContext): TypeModel {
  const { name, fullName } = declareName(schema, ctx);
  const doc = requireDoc(schema, ctx.file, name, 'enum');
  const symbols = schema['symbols'];
  if (
    !Array.isArray(symbols) ||
    symbols.length === 0 ||
    !symbols.every((s) => typeof s === 'string')
  ) {
    throw new ContractError(ctx.file, name, 'an enum needs a non-empty array of string symbols');
  }
  ctx.defined.push({
    kind: 'enum',
    name,
    fullName,
    doc,
    file: ctx.file,
    symbols,
  });
  ctx.locals.add(fullName);
  return { kind: 'ref', fullName };
}

function declareName(
  schema: Record<string, unknown>,
  ctx: WalkContext,
): { name: string; fullName: string } {
  const name = schema['name'];
  if (typeof name !== 'string' || name.length === 0 || name.includes('.')) {
    throw new ContractError(
      ctx.file,
      undefined,
      `a named type needs a simple name, got ${JSON.stringify(name)}`,
    );
  }
  const namespace = schema['namespace'];
  // One namespace keeps every generated TypeScript name unique by its short name.
  if (namespace !== undefined && namespace !== eventNamespace) {
    throw new ContractError(ctx.file, name, `namespace must be "${eventNamespace}" or left out`);
  }
  return { name, fullName: qualify(name, ctx.namespace) };
}

function requireDoc(
  schema: Record<string, unknown>,
  file: string,
  location: string,
  what: string,
): string {
  const doc = schema['doc'];
  if (typeof doc !== 'string' || doc.trim().length === 0) {
    throw new ContractError(file, location, `${what} has no doc`);
  }
  return doc;
}

function indexNamedTypes(files: readonly FileModel[]): Map<string, FileModel> {
  const byName = new Map<string, FileModel>();
  for (const file of files) {
    for (const type of file.defined) {
      const other = byName.get(type.fullName);
      if (other !== undefined) {
        throw new ContractError(
          file.file,
          type.name,
          `${type.fullName} is already defined in ${other.file}`,
        );
      }
      byName.set(type.fullName, file);
    }
  }
  if (byName.get(envelopeFullName)?.role !== 'shared') {
    throw new ContractError(
      contractPaths.avroDir,
      undefined,
      `Envelope.avsc must define ${envelopeFullName}, the record every event starts with`,
    );
  }
  return byName;
}

function checkReferences(
  files: readonly FileModel[],
  byName: ReadonlyMap<string, FileModel>,
): void {
  const used = new Set<string>();
  for (const file of files) {
    for (const reference of file.references) {
      const owner = byName.get(reference);
      if (owner === undefined) {
        throw new ContractError(file.file, undefined, `unknown type ${reference}`);
      }
      if (owner === file) {
        throw new ContractError(file.file, undefined, `${reference} is used before its definition`);
      }
      // A type borrowed from an event's file would make that event's schema a dependency of
      // another event's; shared types live in their own file instead.
      if (owner.role !== 'shared' || owner.root.fullName !== reference) {
        throw new ContractError(
          file.file,
          undefined,
          `${reference} is defined inside ${owner.file}; to share a type, give it its own file`,
        );
      }
      used.add(reference);
    }
  }
  for (const file of files) {
    if (file.role === 'shared' && !used.has(file.root.fullName)) {
      throw new ContractError(file.file, undefined, 'shared type is not used by any schema');
    }
  }
}

/** Shared files, each after the files it references, the order avsc's registry needs. */
function sortShared(files: readonly FileModel[]): FileModel[] {
  const shared = new Map(files.filter((f) => f.role === 'shared').map((f) => [f.root.fullName, f]));
  const sorted: FileModel[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: FileModel, path: readonly string[]): void => {
    const seen = state.get(file.root.fullName);
    if (seen === 'done') {
      return;
    }
    if (seen === 'visiting') {
      throw new ContractError(
        file.file,
        undefined,
        `shared types reference each other in a cycle: ${[...path, file.root.name].join(' -> ')}`,
      );
    }
    state.set(file.root.fullName, 'visiting');
    for (const reference of file.references) {
      const dependency = shared.get(reference);
      if (dependency !== undefined) {
        visit(dependency, [...path, file.root.name]);
      }
    }
    state.set(file.root.fullName, 'done');
    sorted.push(file);
  };
  for (const file of shared.values()) {
    visit(file, []);
  }
  return sorted;
}

function parseShared(sharedFiles: readonly FileModel[]): Record<string, Type> {
  const registry: Record<string, Type> = {};
  for (const file of sharedFiles) {
    parseWithAvsc(file, () => Type.forSchema(file.raw as never, { registry }));
  }
  return registry;
}

/**
 * Inlines each shared type at its first use, the way a registry that does not resolve schema
 * references needs it, and proves with avsc that the result is the same schema, docs and
 * defaults included.
 */
function selfContained(
  file: FileModel,
  sharedRaw: ReadonlyMap<string, Record<string, unknown>>,
  registry: Readonly<Record<string, Type>>,
): Record<string, unknown> {
  const referenced = parseWithAvsc(file, () =>
    Type.forSchema(file.raw as never, { registry: { ...registry } }),
  );
  const expanded = inlineShared(file.raw, eventNamespace, sharedRaw, new Set()) as Record<
    string,
    unknown
  >;
  const standalone = parseWithAvsc(file, () => Type.forSchema(expanded as never));
  const attrs = (type: Type): string => JSON.stringify(type.schema({ exportAttrs: true }));
  if (attrs(standalone) !== attrs(referenced)) {
    throw new ContractError(
      file.file,
      undefined,
      'the self-contained schema differs from the referencing one',
    );
  }
  return expanded;
}

function inlineShared(
  schema: unknown,
  namespace: string,
  sharedRaw: ReadonlyMap<string, Record<string, unknown>>,
  inlined: Set<string>,
): unknown {
  if (typeof schema === 'string') {
    const fullName = primitiveNames.has(schema) ? undefined : qualify(schema, namespace);
    const shared = fullName === undefined ? undefined : sharedRaw.get(fullName);
    if (fullName === undefined || shared === undefined || inlined.has(fullName)) {
      return schema;
    }
    inlined.add(fullName);
    return inlineShared(structuredClone(shared), namespace, sharedRaw, inlined);
  }
  if (Array.isArray(schema)) {
    return schema.map((branch) => inlineShared(branch, namespace, sharedRaw, inlined));
  }
  if (!isObject(schema)) {
    return schema;
  }
  const inner = typeof schema['namespace'] === 'string' ? schema['namespace'] : namespace;
  const copy: Record<string, unknown> = { ...schema };
  if (Array.isArray(schema['fields'])) {
    copy['fields'] = (schema['fields'] as unknown[]).map((field) =>
      isObject(field)
        ? { ...field, type: inlineShared(field['type'], inner, sharedRaw, inlined) }
        : field,
    );
  }
  if ('items' in schema) {
    copy['items'] = inlineShared(schema['items'], inner, sharedRaw, inlined);
  }
  if ('values' in schema) {
    copy['values'] = inlineShared(schema['values'], inner, sharedRaw, inlined);
  }
  return copy;
}

function parseWithAvsc(file: FileModel, parse: () => Type): Type {
  try {
    return parse();
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new ContractError(file.file, undefined, `avsc rejects the schema: ${detail}`, { cause });
  }
}

function firstUseOrder(events: readonly EventModel[], files: readonly FileModel[]): string[] {
  const order: string[] = [];
  const visit = (file: FileModel): void => {
    for (const reference of file.references) {
      if (!order.includes(reference)) {
        order.push(reference);
        visit(requireFileByFullName(files, reference));
      }
    }
  };
  for (const event of events) {
    visit(requireFile(files, event.type));
  }
  return order;
}

// ---------------------------------------------------------------------------------------------
// Topic catalog

const configValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const overridable = {
  replicationFactor: z.number().int().positive().optional(),
  cleanupPolicy: z.enum(['delete', 'compact']).optional(),
  retentionMs: z
    .number()
    .int()
    .refine(
      (ms) => ms === -1 || ms > 0,
      'must be -1 (forever) or a positive number of milliseconds',
    )
    .optional(),
  config: z.record(z.string(), configValue).optional(),
};
const principalNames = z.array(z.string()).optional();
const catalogSchema = z.strictObject({
  principals: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/, 'a principal name is lower-case letters, digits and -'),
    z.strictObject({
      kind: z.enum(['service', 'client']),
      groups: z
        .array(
          z
            .string()
            .regex(
              /^[a-zA-Z0-9._-]+\*?$/,
              'a consumer group name, or a prefix of one followed by *',
            ),
        )
        .min(1),
      operatesDeadLetters: z.boolean().optional(),
      doc: z.string().trim().min(1),
    }),
  ),
  defaults: z.strictObject(overridable).optional(),
  topics: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, 'not a legal Kafka topic name'),
        event: z.string().min(1),
        key: z.string().min(1),
        partitions: z.number().int().positive(),
        ...overridable,
        producers: principalNames,
        consumers: principalNames,
        doc: z.string().trim().min(1),
      }),
    )
    .min(1),
});

// These have dedicated fields; allowing them in config too would let the two disagree.
const reservedConfigs = new Set(['cleanup.policy', 'retention.ms']);

/** The event whose topic every service dead-letters to. */
const deadLetterEvent = 'DeadLetter';

function compileCatalog(
  file: string,
  catalog: unknown,
  files: readonly FileModel[],
): { topics: TopicModel[]; principals: PrincipalModel[] } {
  const parsed = catalogSchema.safeParse(catalog);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const location = issue === undefined ? undefined : issue.path.map(String).join('.');
    throw new ContractError(file, location || undefined, issue?.message ?? 'invalid catalog');
  }
  const { defaults = {}, topics } = parsed.data;
  const principals = compilePrincipals(file, parsed.data.principals);
  const seenNames = new Map<string, string>();
  const seenEvents = new Map<string, string>();
  const result = topics.map((topic): TopicModel => {
    const location = `topic ${topic.name}`;
    const setting = <T>(name: string, value: T | undefined): T => {
      if (value === undefined) {
        throw new ContractError(
          file,
          location,
          `${name} is set neither on the topic nor in defaults`,
        );
      }
      return value;
    };
    const replicationFactor = setting(
      'replicationFactor',
      topic.replicationFactor ?? defaults.replicationFactor,
    );
    const cleanupPolicy = setting('cleanupPolicy', topic.cleanupPolicy ?? defaults.cleanupPolicy);
    const retentionMs = setting('retentionMs', topic.retentionMs ?? defaults.retentionMs);
    if (cleanupPolicy === 'compact' && retentionMs !== -1) {
      throw new ContractError(
        file,
        location,
        'a compacted topic keeps its latest records forever: retentionMs must be -1',
      );
    }
    const config = { ...defaults.config, ...topic.config };
    for (const setting of Object.keys(config)) {
      if (reservedConfigs.has(setting)) {
        throw new ContractError(
          file,
          location,
          `set ${setting} with cleanupPolicy or retentionMs, not in config`,
        );
      }
    }
    if (seenNames.has(topic.name)) {
      throw new ContractError(file, location, 'duplicate topic name');
    }
    seenNames.set(topic.name, topic.event);
    const eventFile = files.find((f) => f.root.name === topic.event);
    if (eventFile === undefined) {
      throw new ContractError(file, location, `names unknown event ${topic.event}`);
    }
    if (eventFile.role !== 'event') {
      throw new ContractError(
        file,
        location,
        `${topic.event} is not an event: its first field is not envelope`,
      );
    }
    const previous = seenEvents.get(topic.event);
    if (previous !== undefined) {
      throw new ContractError(file, location, `event ${topic.event} already has topic ${previous}`);
    }
    seenEvents.set(topic.event, topic.name);
    checkKey(file, location, topic.key, eventFile.root, files);
    const access = (field: 'producers' | 'consumers'): string[] => {
      const names = topic[field];
      if (names === undefined) {
        throw new ContractError(
          file,
          location,
          `${field} is missing: list the principals that may ${field === 'producers' ? 'write' : 'read'} the topic ([] for none)`,
        );
      }
      return checkPrincipalList(file, location, field, names, principals);
    };
    const producers = access('producers');
    const consumers = access('consumers');
    if (producers.length === 0) {
      throw new ContractError(file, location, 'producers is empty: nobody may write the topic');
    }
    return {
      event: topic.event,
      name: topic.name,
      key: topic.key,
      partitions: topic.partitions,
      replicationFactor,
      cleanupPolicy,
      retentionMs,
      config,
      producers,
      consumers,
      doc: topic.doc.trim(),
    };
  });
  for (const eventFile of files) {
    if (eventFile.role === 'event' && !seenEvents.has(eventFile.root.name)) {
      throw new ContractError(
        eventFile.file,
        undefined,
        `event ${eventFile.root.name} has no topic in ${file}`,
      );
    }
  }
  checkCoPartitioning(file, result);
  return {
    topics: checkDeadLettering(file, result, principals),
    principals,
  };
}

function compilePrincipals(
  file: string,
  raw: Record<
    string,
    {
      kind: 'service' | 'client';
      groups: string[];
      operatesDeadLetters?: boolean;
      doc: string;
    }
  >,
): PrincipalModel[] {
  const principals = Object.entries(raw).map(([name, p]): PrincipalModel => ({
    name,
    kind: p.kind,
    groups: p.groups,
    operatesDeadLetters: p.operatesDeadLetters ?? false,
    doc: p.doc.trim(),
  }));
  if (principals.length === 0) {
    throw new ContractError(file, 'principals', 'list at least one principal');
  }
  // A principal's groups are its own: one that could join another's group could commit offsets
  // over it. Two principals may share a group only by both listing the very same pattern.
  const owners: { principal: string; pattern: string }[] = [];
  for (const principal of principals) {
    for (const pattern of principal.groups) {
      const other = owners.find(
        (o) =>
          o.principal !== principal.name &&
          o.pattern !== pattern &&
          groupsOverlap(o.pattern, pattern),
      );
      if (other !== undefined) {
        throw new ContractError(
          file,
          `principal ${principal.name}`,
          `group ${pattern} overlaps group ${other.pattern} of principal ${other.principal}`,
        );
      }
      if (owners.some((o) => o.principal === principal.name && o.pattern === pattern)) {
        throw new ContractError(
          file,
          `principal ${principal.name}`,
          `group ${pattern} is listed twice`,
        );
      }
      owners.push({ principal: principal.name, pattern });
    }
  }
  return principals;
}

/** Whether some group name matches both patterns (`x*` is a prefix, anything else literal). */
function groupsOverlap(a: string, b: string): boolean {
  const prefixOf = (p: string) => (p.endsWith('*') ? p.slice(0, -1) : undefined);
  const pa = prefixOf(a);
  const pb = prefixOf(b);
  if (pa === undefined && pb === undefined) return a === b;
  if (pa !== undefined && pb !== undefined) return pa.startsWith(pb) || pb.startsWith(pa);
  return pa !== undefined ? b.startsWith(pa) : a.startsWith(pb as string);
}

function checkPrincipalList(
  file: string,
  location: string,
  field: 'producers' | 'consumers',
  names: readonly string[],
  principals: readonly PrincipalModel[],
): string[] {
  const seen = new Set<string>();
  for (const name of names) {
    const principal = principals.find((p) => p.name === name);
    if (principal === undefined) {
      throw new ContractError(
        file,
        location,
        `${field}: unknown principal ${JSON.stringify(name)}; the principals are ${principals.map((p) => p.name).join(', ')}`,
      );
    }
    if (seen.has(name)) {
      throw new ContractError(file, location, `${field}: ${name} is listed twice`);
    }
    seen.add(name);
  }
  return [...names];
}

/**
 * Every service that consumes dead-letters what it gives up on, so it must be a producer of the
 * dead-letter topic; and every principal must be used, or it is a grant nobody needs.
 */
function checkDeadLettering(
  file: string,
  topics: TopicModel[],
  principals: readonly PrincipalModel[],
): TopicModel[] {
  const deadLetters = topics.find((t) => t.event === deadLetterEvent);
  if (deadLetters === undefined) {
    throw new ContractError(file, undefined, `no topic carries ${deadLetterEvent}`);
  }
  for (const principal of principals) {
    const reads = topics.find((t) => t.consumers.includes(principal.name));
    const writes = topics.some((t) => t.producers.includes(principal.name));
    if (principal.operatesDeadLetters && !deadLetters.consumers.includes(principal.name)) {
      throw new ContractError(
        file,
        `topic ${deadLetters.name}`,
        `consumers: ${principal.name} is missing; it operates dead letters, so it reads them`,
      );
    }
    if (reads === undefined && !writes) {
      throw new ContractError(
        file,
        `principal ${principal.name}`,
        'neither produces nor consumes any topic',
      );
    }
    if (
      principal.kind === 'service' &&
      reads !== undefined &&
      !deadLetters.producers.includes(principal.name)
    ) {
      throw new ContractError(
        file,
        `topic ${deadLetters.name}`,
        `producers: ${principal.name} is missing; it consumes ${reads.name}, and a service dead-letters what it gives up on`,
      );
    }
  }
  return topics;
}

/** The key must be a string, reached through non-nullable records; nullable is left to the producer. */
function checkKey(
  file: string,
  location: string,
  key: string,
  root: RecordModel,
  files: readonly FileModel[],
): void {
  const fail = (detail: string): never => {
    throw new ContractError(file, location, `key ${key}: ${detail}`);
  };
  let record: RecordModel = root;
  const segments = key.split('.');
  segments.forEach((segment, index) => {
    const field = record.fields.find((f) => f.name === segment);
    if (field === undefined) {
      return fail(`${record.name} has no field ${segment}`);
    }
    const isLast = index === segments.length - 1;
    if (isLast) {
      const type = field.type.kind === 'nullable' ? field.type.type : field.type;
      if (type.kind !== 'primitive' || type.name !== 'string') {
        fail(`${record.name}.${segment} is not a string`);
      }
      return;
    }
    const next = field.type.kind === 'ref' ? findNamedType(files, field.type.fullName) : undefined;
    if (next?.kind !== 'record') {
      return fail(`${record.name}.${segment} is not a record (nor may it be nullable)`);
    }
    record = next;
  });
}

function checkCoPartitioning(file: string, topics: readonly TopicModel[]): void {
  const firstByKey = new Map<string, TopicModel>();
  for (const topic of topics) {
    const first = firstByKey.get(topic.key);
    if (first === undefined) {
      firstByKey.set(topic.key, topic);
    } else if (first.partitions !== topic.partitions) {
      throw new ContractError(
        file,
        `topic ${topic.name}`,
        `topics keyed by ${topic.key} are co-partitioned: ${topic.partitions} partitions, but ${first.name} has ${first.partitions}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function requireFile(files: readonly FileModel[], event: string): FileModel {
  return requireFileByFullName(files, qualify(event, eventNamespace));
}

function requireFileByFullName(files: readonly FileModel[], fullName: string): FileModel {
  const file = files.find((f) => f.root.fullName === fullName);
  if (file === undefined) {
    throw new Error(`no schema file defines ${fullName}`);
  }
  return file;
}

function findNamedType(files: readonly FileModel[], fullName: string): NamedTypeModel | undefined {
  for (const file of files) {
    const found = file.defined.find((type) => type.fullName === fullName);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

function qualify(name: string, namespace: string): string {
  return name.includes('.') ? name : `${namespace}.${name}`;
}

function baseName(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.avsc$/, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

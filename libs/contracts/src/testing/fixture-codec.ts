import { Type, type types } from 'avsc';

/*
 * Fixture format. schemas/fixtures/<EventType>.json holds a sample event as plain JSON, read
 * with the event's schema as a guide:
 *   - bytes are {"$bytes": "<base64>"}, because JSON has no binary type;
 *   - long and timestamp-millis are JSON numbers (avsc refuses longs beyond 2^53 anyway);
 *   - a nullable field holds null or the value itself, never an Avro JSON union wrapper.
 * schemas/fixtures/<EventType>.hex holds the Avro binary encoding of that sample: the plain
 * Avro body, with no Confluent magic byte or schema id, as lowercase hex, 32 bytes a line.
 */

interface BytesFixture {
  readonly $bytes: string;
}

/** Turns a fixture's JSON into the value avsc encodes (Buffers for bytes). */
export function fromFixture(type: Type, json: unknown, path = '$'): unknown {
  if (json === null || json === undefined) {
    return json;
  }
  if (Type.isType(type, 'union')) {
    return fromFixture(nonNullBranch(type, path), json, path);
  }
  if (Type.isType(type, 'bytes')) {
    if (!isBytesFixture(json)) {
      throw new Error(`${path}: bytes must be written as {"$bytes": "<base64>"}`);
    }
    return Buffer.from(json.$bytes, 'base64');
  }
  if (Type.isType(type, 'record') && isPlainObject(json)) {
    const record = type as types.RecordType;
    const known = new Set(record.fields.map((field) => field.name));
    const unknown = Object.keys(json).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      throw new Error(
        `${path}: no such field in ${record.name ?? 'record'}: ${unknown.join(', ')}`,
      );
    }
    return Object.fromEntries(
      record.fields.map((field) => [
        field.name,
        fromFixture(field.type, json[field.name], `${path}.${field.name}`),
      ]),
    );
  }
  if (Type.isType(type, 'array') && Array.isArray(json)) {
    const items = (type as types.ArrayType).itemsType;
    return json.map((item, index) => fromFixture(items, item, `${path}[${index}]`));
  }
  if (Type.isType(type, 'map') && isPlainObject(json)) {
    const values = (type as types.MapType).valuesType as Type;
    return Object.fromEntries(
      Object.entries(json).map(([key, item]) => [key, fromFixture(values, item, `${path}.${key}`)]),
    );
  }
  return json;
}

/** The inverse of {@link fromFixture}: turns a decoded value back into fixture JSON. */
export function toFixture(type: Type, value: unknown): unknown {
  if (value === null || value === undefined) {
    return value;
  }
  if (Type.isType(type, 'union')) {
    return toFixture(nonNullBranch(type, '$'), value);
  }
  if (Type.isType(type, 'bytes') && Buffer.isBuffer(value)) {
    return { $bytes: value.toString('base64') } satisfies BytesFixture;
  }
  if (Type.isType(type, 'record')) {
    const fields = (type as types.RecordType).fields;
    const record = value as Record<string, unknown>;
    return Object.fromEntries(fields.map((f) => [f.name, toFixture(f.type, record[f.name])]));
  }
  if (Type.isType(type, 'array') && Array.isArray(value)) {
    return value.map((item) => toFixture((type as types.ArrayType).itemsType, item));
  }
  if (Type.isType(type, 'map')) {
    const values = (type as types.MapType).valuesType as Type;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toFixture(values, v)]),
    );
  }
  return value;
}

/** Encodes a fixture, failing with the path of every value the schema refuses. */
export function encodeFixture(type: Type, json: unknown): Buffer {
  const value = fromFixture(type, json);
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path, invalid, invalidType) => {
      problems.push(
        `$.${path.join('.')}: ${JSON.stringify(invalid)} is not a valid ${invalidType.typeName}`,
      );
    },
  });
  if (problems.length > 0) {
    throw new Error(`fixture does not match the schema:\n  ${problems.join('\n  ')}`);
  }
  return type.toBuffer(value);
}

/** Hex text of a golden file: lowercase, 32 bytes a line, ending with a newline. */
export function toHex(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.match(/.{1,64}/g)?.join('\n') ?? ''}\n`;
}

/** Reads a golden file's hex text back into bytes, ignoring line breaks. */
export function fromHex(text: string): Buffer {
  const hex = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) {
    throw new Error('not an even-length hex string');
  }
  return Buffer.from(hex, 'hex');
}

/**
 * Optional values a fixture never fills: nullable fields always null, and arrays or maps with a
 * default always empty. Array items count together (`$.tasks[].dependsOn` is filled if any task
 * has dependencies), so a sample can stay realistic and still exercise every encoding.
 */
export function unpopulatedOptionals(type: Type, value: unknown): string[] {
  const filled = new Map<string, boolean>();
  collectOptionals(type, value, '$', filled);
  return [...filled].filter(([, isFilled]) => !isFilled).map(([path]) => path);
}

function collectOptionals(
  type: Type,
  value: unknown,
  path: string,
  filled: Map<string, boolean>,
): void {
  if (Type.isType(type, 'union')) {
    markFilled(filled, path, value !== null);
    if (value !== null) {
      collectOptionals(nonNullBranch(type, path), value, path, filled);
    }
    return;
  }
  if (Type.isType(type, 'record')) {
    const record = value as Record<string, unknown>;
    for (const field of (type as types.RecordType).fields) {
      const fieldPath = `${path}.${field.name}`;
      const fieldValue = record[field.name];
      const isCollection = Type.isType(field.type, 'array', 'map');
      if (isCollection && field.defaultValue() !== undefined) {
        const size = Array.isArray(fieldValue)
          ? fieldValue.length
          : Object.keys(fieldValue as object).length;
        markFilled(filled, fieldPath, size > 0);
      }
      collectOptionals(field.type, fieldValue, fieldPath, filled);
    }
    return;
  }
  if (Type.isType(type, 'array')) {
    const items = (type as types.ArrayType).itemsType;
    for (const item of value as unknown[]) {
      collectOptionals(items, item, `${path}[]`, filled);
    }
  }
  if (Type.isType(type, 'map')) {
    const values = (type as types.MapType).valuesType as Type;
    for (const item of Object.values(value as Record<string, unknown>)) {
      collectOptionals(values, item, `${path}{}`, filled);
    }
  }
}

// A path counts as filled once any occurrence of it is.
function markFilled(filled: Map<string, boolean>, path: string, isFilled: boolean): void {
  filled.set(path, (filled.get(path) ?? false) || isFilled);
}

function nonNullBranch(type: Type, path: string): Type {
  const branch = (type as types.UnwrappedUnionType).types.find((t) => t.typeName !== 'null');
  if (branch === undefined) {
    throw new Error(`${path}: union without a non-null branch`);
  }
  return branch;
}

function isBytesFixture(value: unknown): value is BytesFixture {
  return (
    isPlainObject(value) && typeof value['$bytes'] === 'string' && Object.keys(value).length === 1
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
  );
}

import avro from 'avsc';
import { UndecodableMessageError } from '../errors/messaging-errors';

/**
 * Limits on what one Avro body may ask a reader to allocate. avsc trusts the counts and lengths
 * it reads: a map header claiming 2^50 entries makes `fromBuffer` loop for hours on a 115-byte
 * message before it notices the buffer ran out. {@link checkAvroBounds} walks the bytes first,
 * without allocating, and refuses a body that breaks a limit or claims more than it holds.
 */
export interface AvroLimits {
  /** Largest body accepted. @default 8 MiB */
  maxBytes: number;
  /** Map and array entries in one body, all containers together. @default 100000 */
  maxEntries: number;
  /** Nesting of records, arrays, maps and unions. @default 32 */
  maxDepth: number;
}

export const defaultAvroLimits: AvroLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxEntries: 100_000,
  maxDepth: 32,
};

/**
 * Throws {@link UndecodableMessageError} naming the broken limit (and where) when `body`, read
 * with `type` (the writer's schema), would exceed `limits` or claims more bytes than it has.
 * Cost: one pass over the bytes, bounded by `maxBytes + maxEntries`; nothing is allocated.
 */
export function checkAvroBounds(type: avro.Type, body: Buffer, limits: AvroLimits): void {
  if (body.length > limits.maxBytes) {
    throw new UndecodableMessageError(
      `body of ${body.length} bytes exceeds the limit of ${limits.maxBytes} (AVRO_MAX_BYTES)`,
    );
  }
  new BoundedScan(body, limits).value(type, 0);
}

/** A cursor over an Avro body that checks each count and length before it moves. */
class BoundedScan {
  private pos = 0;
  private entries = 0;
  /** Field names and indexes down to the value being read, for the error message only. */
  private readonly trail: (string | number)[] = [];

  constructor(
    private readonly buf: Buffer,
    private readonly limits: AvroLimits,
  ) {}

  value(type: avro.Type, depth: number): void {
    if (depth > this.limits.maxDepth) {
      this.refuse(`nesting deeper than ${this.limits.maxDepth} (AVRO_MAX_DEPTH)`);
    }
    if (avro.Type.isType(type, 'logical')) {
      this.value((type as unknown as { underlyingType: avro.Type }).underlyingType, depth);
      return;
    }
    const t = type as avro.Type & Record<string, unknown>;
    switch (t.typeName) {
      case 'null':
        return;
      case 'boolean':
        this.skip(1);
        return;
      case 'int':
      case 'long':
        this.long();
        return;
      case 'float':
        this.skip(4);
        return;
      case 'double':
        this.skip(8);
        return;
      case 'string':
      case 'bytes':
        this.skip(this.length());
        return;
      case 'fixed':
        this.skip((t as unknown as { size: number }).size);
        return;
      case 'enum': {
        const index = this.long();
        const symbols = (t as unknown as { symbols: string[] }).symbols;
        if (index < 0 || index >= symbols.length) this.refuse(`enum index ${index} out of range`);
        return;
      }
      case 'record':
      case 'error':
        for (const field of (t as unknown as avro.types.RecordType).fields) {
          this.trail.push(field.name);
          this.value(field.type, depth + 1);
          this.trail.pop();
        }
        return;
      case 'union:unwrapped':
      case 'union:wrapped': {
        const types = (t as unknown as avro.types.UnwrappedUnionType).types;
        const index = this.long();
        const branch = types[index];
        if (!branch) this.refuse(`union branch ${index} out of range`);
        this.value(branch, depth + 1);
        return;
      }
      case 'array':
        this.blocks(depth, (t as unknown as avro.types.ArrayType).itemsType, false);
        return;
      case 'map':
        this.blocks(depth, (t as unknown as { valuesType: avro.Type }).valuesType, true);
        return;
      default:
        this.refuse(`unsupported type ${String(t.typeName)}`);
    }
  }

  /** Array and map blocks: a count (negative: followed by the block's byte size), then entries. */
  private blocks(depth: number, items: avro.Type, keyed: boolean): void {
    for (;;) {
      let count = this.long();
      if (count === 0) return;
      if (count < 0) {
        count = -count;
        const size = this.long();
        if (size < 0 || size > this.remaining()) {
          this.refuse(`block of ${size} bytes but ${this.remaining()} remain`);
        }
      }
      this.entries += count;
      if (this.entries > this.limits.maxEntries) {
        this.refuse(
          `${this.entries} map/array entries exceed the limit of ${this.limits.maxEntries} (AVRO_MAX_ENTRIES)`,
        );
      }
      for (let i = 0; i < count; i++) {
        this.trail.push(i);
        if (keyed) this.skip(this.length());
        this.value(items, depth + 1);
        this.trail.pop();
      }
    }
  }

  /** A string or bytes length: not negative, and no more than the bytes left. */
  private length(): number {
    const n = this.long();
    if (n < 0) this.refuse(`negative length ${n}`);
    if (n > this.remaining()) this.refuse(`length ${n} but ${this.remaining()} bytes remain`);
    return n;
  }

  /** A zig-zag varint, as avsc reads it (exact up to 2^53). */
  private long(): number {
    let n = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i >= 10) this.refuse('varint longer than 10 bytes');
      if (this.pos >= this.buf.length) this.refuse('truncated');
      const b = this.buf[this.pos++]!;
      n += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) break;
      scale *= 128;
    }
    return n % 2 === 1 ? -(n + 1) / 2 : n / 2;
  }

  private skip(n: number): void {
    if (n > this.remaining()) this.refuse('truncated');
    this.pos += n;
  }

  private remaining(): number {
    return this.buf.length - this.pos;
  }

  private refuse(reason: string): never {
    const path = this.trail
      .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`))
      .join('');
    throw new UndecodableMessageError(
      `refused before decoding: ${reason}${path ? ` at '${path}'` : ''}`,
    );
  }
}

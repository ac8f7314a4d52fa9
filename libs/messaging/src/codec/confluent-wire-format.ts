import { UndecodableMessageError } from '../errors/messaging-errors';

/*
 * Confluent wire format, as written by every Confluent-compatible serializer:
 *
 *   byte 0      magic byte, always 0x00
 *   bytes 1-4   schema id, unsigned 32-bit big-endian, as assigned by the registry
 *   bytes 5-    the Avro binary encoding of the value, written with that schema
 *
 * The schema id names the writer's schema; a reader resolves it against its own schema, which is
 * what lets producers and consumers upgrade independently under BACKWARD compatibility.
 */
export const MAGIC_BYTE = 0;
export const HEADER_SIZE = 5;

export function frame(schemaId: number, avroBody: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_SIZE);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, avroBody]);
}

export function unframe(bytes: Buffer | null): { schemaId: number; body: Buffer } {
  if (!bytes || bytes.length < HEADER_SIZE) {
    throw new UndecodableMessageError(
      `message value is ${bytes ? `${bytes.length} bytes` : 'empty'}; the Confluent wire format needs at least ${HEADER_SIZE}`,
    );
  }
  const magic = bytes.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    throw new UndecodableMessageError(
      `message value starts with byte 0x${magic.toString(16).padStart(2, '0')}, not the Confluent magic byte 0x00`,
    );
  }
  return { schemaId: bytes.readUInt32BE(1), body: bytes.subarray(HEADER_SIZE) };
}

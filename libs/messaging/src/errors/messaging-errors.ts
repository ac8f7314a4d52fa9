/**
 * Errors are classified at the consumer boundary:
 * - retriable: worth another try after a backoff (a broker or database blip, a lock timeout);
 * - fatal: another try gives the same answer (bad data, a broken invariant): dead-letter now;
 * - undecodable: the bytes are not an event we can read: dead-letter now, bytes untouched.
 */
export type ErrorClassification = 'retriable' | 'fatal' | 'undecodable';

/** Throw from a handler when a later attempt may succeed. */
export class RetriableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetriableError';
  }
}

/** Throw from a handler when no retry can help; the message is dead-lettered at once. */
export class FatalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FatalError';
  }
}

/** An event that does not match its Avro schema; `path` names the offending field. */
export class SchemaValidationError extends FatalError {
  constructor(
    readonly eventType: string,
    readonly paths: readonly string[],
  ) {
    super(
      `${eventType} does not match its schema: invalid ${paths.length === 1 ? 'field' : 'fields'} ` +
        paths.map((p) => `'${p}'`).join(', '),
    );
    this.name = 'SchemaValidationError';
  }
}

/** Bytes that cannot be decoded: not the Confluent wire format, an unknown schema id, or corrupt Avro. */
export class UndecodableMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UndecodableMessageError';
  }
}

/** The registry refused a schema (for example, an incompatible change). */
export class SchemaRegistrationError extends Error {
  constructor(
    readonly subject: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`schema registry refused subject '${subject}': ${message}`, options);
    this.name = 'SchemaRegistrationError';
  }
}

/** SQLSTATE classes that a retry can clear: serialization failure, deadlock, lock timeout, connection loss. */
const retriableSqlStates = new Set(['40001', '40P01', '55P03', '57P01', '08000', '08003', '08006']);
const retriableNodeCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * Decides what to do with an error thrown while handling a message.
 * Errors we know nothing about are treated as retriable: a bounded retry costs a few seconds,
 * while dead-lettering a message on a transient fault needs a person to replay it.
 */
export function classifyError(error: unknown): ErrorClassification {
  if (error instanceof UndecodableMessageError) return 'undecodable';
  if (error instanceof FatalError) return 'fatal';
  if (error instanceof RetriableError) return 'retriable';
  if (typeof error === 'object' && error !== null) {
    const e = error as { retriable?: unknown; code?: unknown; name?: unknown };
    if (e.retriable === false && typeof e.name === 'string' && e.name.startsWith('KafkaJS')) {
      return 'fatal';
    }
    if (
      typeof e.code === 'string' &&
      (retriableSqlStates.has(e.code) || retriableNodeCodes.has(e.code))
    ) {
      return 'retriable';
    }
    if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) {
      return 'fatal';
    }
  }
  return 'retriable';
}

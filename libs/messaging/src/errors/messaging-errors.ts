/**
 * Errors are classified at the consumer boundary:
 * - retriable: worth another try after a backoff (a broker or database blip, a lock timeout);
 * - fatal: another try gives the same answer (bad data, a broken invariant): dead-letter now;
 * - undecodable: the bytes are not an event we can read: dead-letter now, bytes untouched.
 */
export const errorClassifications = ['retriable', 'fatal', 'undecodable'] as const;
export type ErrorClassification = (typeof errorClassifications)[number];

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
    // kafkajs gives up on an unreachable broker with a non-retriable error around the connection
    // error: that is an outage to wait out (a broker restarting), not an event to dead-letter.
    if (e.retriable === false && typeof e.name === 'string' && e.name.startsWith('KafkaJS')) {
      return isOutage(error) ? 'retriable' : 'fatal';
    }
    if (
      typeof e.code === 'string' &&
      (retriableSqlStates.has(e.code) || retriableNodeCodes.has(e.code))
    ) {
      return 'retriable';
    }
    // SQLSTATE class 22, data exception (a NUL byte, a value too long, a bad timestamp): the
    // same event fails the same way every time. TypeORM keeps the driver's error aside.
    if (
      isDataException(e.code) ||
      isDataException((e as { driverError?: { code?: unknown } }).driverError?.code)
    ) {
      return 'fatal';
    }
    if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) {
      return 'fatal';
    }
  }
  return 'retriable';
}

function isDataException(code: unknown): boolean {
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** SQLSTATEs of a database that cannot be reached or is restarting. */
const outageSqlStates = /^(08|57P0[1-3])/;

/**
 * True when an error says a dependency is unreachable rather than that this event is a problem:
 * a {@link RetriableError}, a refused, reset or timed-out connection, a database connection lost
 * or refused while it restarts, or a retriable Kafka error. Worth waiting minutes for; anything
 * else retriable gets a few quick tries. Looks through `cause` and TypeORM's `driverError`.
 */
export function isOutage(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  if (error instanceof RetriableError) return true;
  const e = error as {
    code?: unknown;
    name?: unknown;
    retriable?: unknown;
    message?: unknown;
    cause?: unknown;
    driverError?: unknown;
  };
  if (
    typeof e.code === 'string' &&
    (retriableNodeCodes.has(e.code) || outageSqlStates.test(e.code))
  ) {
    return true;
  }
  if (typeof e.name === 'string' && e.name.startsWith('KafkaJS') && e.retriable === true)
    return true;
  if (
    typeof e.message === 'string' &&
    /Connection terminated|connection timeout|ECONNREFUSED/i.test(e.message)
  ) {
    return true;
  }
  return isOutage(e.cause, depth + 1) || isOutage(e.driverError, depth + 1);
}

import { KafkaJSConnectionError, KafkaJSNonRetriableError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { frame, unframe } from './codec/confluent-wire-format';
import {
  classifyError,
  FatalError,
  isOutage,
  RetriableError,
  SchemaValidationError,
  UndecodableMessageError,
} from './errors/messaging-errors';

describe('Confluent wire format', () => {
  it('frames a body behind the magic byte and a big-endian schema id (golden bytes)', () => {
    expect(frame(0x01020304, Buffer.from([0xaa, 0xbb])).toString('hex')).toBe('0001020304aabb');
    expect(unframe(Buffer.from('00000000ff0102', 'hex'))).toEqual({
      schemaId: 255,
      body: Buffer.from([1, 2]),
    });
  });

  it('names what is wrong with bytes it cannot read', () => {
    expect(() => unframe(null)).toThrow(/empty/);
    expect(() => unframe(Buffer.from([0, 1]))).toThrow(/2 bytes/);
    expect(() => unframe(Buffer.from('7b2261223a317d', 'hex'))).toThrow(
      /byte 0x7b, not the Confluent magic byte/,
    );
  });
});

describe('error classification at the consumer boundary', () => {
  it.each([
    [new UndecodableMessageError('x'), 'undecodable'],
    [new FatalError('x'), 'fatal'],
    [new SchemaValidationError('TaskReady', ['taskId']), 'fatal'],
    [new RetriableError('x'), 'retriable'],
    [Object.assign(new Error('deadlock detected'), { code: '40P01' }), 'retriable'],
    [Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 'retriable'],
    [new TypeError('cannot read properties of undefined'), 'fatal'],
    [
      Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
        code: '22021',
      }),
      'fatal',
    ],
    [
      Object.assign(new Error('query failed'), {
        driverError: Object.assign(new Error('value too long'), { code: '22001' }),
      }),
      'fatal',
    ],
    [
      Object.assign(new Error('bad topic'), { name: 'KafkaJSProtocolError', retriable: false }),
      'fatal',
    ],
    // What kafkajs throws once its own retries against a broker that is down run out.
    [
      new KafkaJSNonRetriableError(
        new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'),
      ),
      'retriable',
    ],
    [new Error('something odd'), 'retriable'],
  ] as const)('%s → %s', (error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });
});

describe('outages, told apart from events that fail', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });
  it.each([
    ['a RetriableError', new RetriableError('registry unavailable'), true],
    ['connection refused', withCode('ECONNREFUSED'), true],
    ['PostgreSQL shutting down (57P01)', withCode('57P01'), true],
    ['PostgreSQL connection failure (08006)', withCode('08006'), true],
    ['a lost connection without a code', new Error('Connection terminated unexpectedly'), true],
    [
      'TypeORM wrapping a driver error',
      Object.assign(new Error('query failed'), { driverError: withCode('57P03') }),
      true,
    ],
    ['a cause chain', new Error('outer', { cause: withCode('ETIMEDOUT') }), true],
    [
      'kafkajs giving up on a broker that is down',
      new KafkaJSNonRetriableError(
        new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'),
      ),
      true,
    ],
    [
      'a retriable Kafka error',
      Object.assign(new Error('leader not available'), {
        name: 'KafkaJSProtocolError',
        retriable: true,
      }),
      true,
    ],
    ['a serialization failure (40001)', withCode('40001'), false],
    ['a unique violation (23505)', withCode('23505'), false],
    ['an unknown error', new Error('boom'), false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isOutage(error)).toBe(expected);
  });
});

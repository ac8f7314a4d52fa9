import { newEnvelope, type DeadLetter, type EventMap, type EventType } from '@agora/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { ErrorClassification } from '../errors/messaging-errors';

/**
 * The dead-letter record keeps everything needed to understand and replay a message: the original
 * key, value and headers byte for byte, where it came from, and why it was given up on.
 */
export function toDeadLetter(input: {
  producer: { service: string; version: string };
  message: KafkaMessage;
  topic: string;
  partition: number;
  consumerGroup: string;
  error: unknown;
  classification: ErrorClassification;
  attempts: number;
  /** The event, when it could be decoded: its envelope correlates the dead letter. */
  decoded?: EventMap[EventType] | undefined;
}): DeadLetter {
  const { message, error } = input;
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    // Copies goalId and makes the failed event the cause, when the event could be decoded.
    envelope: newEnvelope({
      producer: input.producer,
      ...(input.decoded ? { causation: input.decoded } : {}),
    }),
    sourceTopic: input.topic,
    sourcePartition: input.partition,
    sourceOffset: Number(message.offset),
    sourceTimestamp: message.timestamp ? Number(message.timestamp) : null,
    consumerGroup: input.consumerGroup,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: Object.entries(message.headers ?? {}).flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => ({
        key,
        value: v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v),
      })),
    ),
    errorType: err.name,
    errorMessage: describe(err),
    errorStack: err.stack ?? null,
    classification: input.classification,
    attempts: input.attempts,
    failedAt: Date.now(),
  };
}

/** The message with its causes, so the root of a wrapped error is not lost. */
function describe(error: Error): string {
  const parts = [error.message];
  let cause = error.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    parts.push(cause instanceof Error ? cause.message : JSON.stringify(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return parts.join(' <- caused by: ');
}

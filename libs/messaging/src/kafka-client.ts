import { TimeoutMiddleware } from 'mappersmith/middleware/timeout';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { Logger } from '@agora/observability';
import type { ResolvedMessagingOptions } from './messaging-options';

/** Builds the kafkajs client, routing its logs through the service's logger. */
export function createKafka(options: ResolvedMessagingOptions, logger: Logger): Kafka {
  const { kafka } = options;
  return new Kafka({
    clientId: kafka.clientId,
    brokers: kafka.brokers,
    ssl: kafka.ssl,
    sasl: kafka.sasl as SASLOptions | undefined,
    connectionTimeout: kafka.connectionTimeoutMs,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const fields = { component: 'kafkajs', ...extra };
        // kafkajs logs every error response of a request it is about to retry ("Response
        // Heartbeat", "Response ListOffsets" while a new topic elects leaders) at ERROR. The
        // operation itself fails loudly if the retries run out, so these are only noise.
        if (level === logLevel.ERROR && message.startsWith('Response '))
          logger.debug(fields, message);
        else if (level === logLevel.ERROR) logger.error(fields, message);
        else if (level === logLevel.WARN) logger.warn(fields, message);
        else logger.debug(fields, message);
      },
  });
}

export function createRegistryClient(options: ResolvedMessagingOptions): SchemaRegistry {
  const { registry } = options;
  return new SchemaRegistry({
    host: registry.url,
    clientId: options.kafka.clientId,
    // Without a timeout, one request the registry never answers would hang start-up for good.
    middlewares: [TimeoutMiddleware(registry.timeoutMs)],
    ...(registry.basicAuth ? { auth: registry.basicAuth } : {}),
  });
}

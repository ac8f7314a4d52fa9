import { keyOf, type EventMap, type EventType } from '@agora/contracts';
import { counter } from '@agora/observability';
import type { Message, Producer } from 'kafkajs';
import type { AccessPolicy } from '../access/access-policy';
import type { AvroCodec } from '../codec/avro-codec';
import type { AgentSigner } from '../signing/agent-signature';
import type { TopicNames } from '../topics/topic-names';
import { injectTraceHeaders, withProducerSpan } from '../tracing/trace-headers';

/** One event to publish, with its type; the type picks the topic, the schema and the key. */
export type OutgoingEvent = {
  [T in EventType]: { type: T; event: EventMap[T]; headers?: Record<string, string> };
}[EventType];

const published = counter('agora_messages_published_total', 'Events published, by topic.', [
  'topic',
]);

/**
 * Publishes typed events: validates and encodes each against its registered schema, keys it as
 * the catalog says, and carries the active trace context in its headers. An event type the
 * client's principal may not write is refused before anything is sent (see {@link AccessPolicy}).
 * With a signer (an agent process), each record also carries its signature of the encoded bytes.
 */
export class EventPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly codec: AvroCodec,
    private readonly topics: TopicNames,
    private readonly access?: AccessPolicy,
    private readonly signer?: AgentSigner,
  ) {}

  async publish<T extends EventType>(
    type: T,
    event: EventMap[T],
    options: { headers?: Record<string, string> } = {},
  ): Promise<void> {
    this.access?.checkPublish(type);
    const topic = this.topics.topic(type);
    await withProducerSpan(topic, type, async () => {
      const message = await this.toMessage({
        type,
        event,
        headers: options.headers,
      } as OutgoingEvent);
      await this.producer.send({ topic, messages: [message] });
    });
    published.inc({ topic });
  }

  /** Publishes several events in one request per broker: use where throughput matters. */
  async publishMany(events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const item of events) this.access?.checkPublish(item.type);
    const byTopic = new Map<string, Message[]>();
    for (const item of events) {
      const topic = this.topics.topic(item.type);
      const message = await withProducerSpan(topic, item.type, () => this.toMessage(item));
      const list = byTopic.get(topic) ?? [];
      list.push(message);
      byTopic.set(topic, list);
    }
    await this.producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    for (const [topic, messages] of byTopic) published.inc({ topic }, messages.length);
  }

  private async toMessage(item: OutgoingEvent): Promise<Message> {
    const key = keyOf(item.type, item.event);
    const value = await this.codec.encode(item.type, item.event);
    const headers: Record<string, string> = { ...item.headers, 'agora-event-type': item.type };
    injectTraceHeaders(headers);
    if (this.signer) Object.assign(headers, this.signer.headers(item.type, value));
    return { key, value, headers };
  }
}

import { eventTypeOfTopic, topicOf, type EventType } from '@agora/contracts';

/**
 * Catalog topic names with the deployment's prefix applied. Tests use a unique prefix each, so
 * they share one broker and one registry without seeing each other's messages or schemas.
 */
export class TopicNames {
  constructor(readonly prefix: string = '') {}

  topic(type: EventType): string {
    return this.prefix + topicOf(type).name;
  }

  /** Registry subject under the TopicNameStrategy: `<topic>-value`. */
  valueSubject(type: EventType): string {
    return `${this.topic(type)}-value`;
  }

  eventTypeOf(topic: string): EventType | undefined {
    if (!topic.startsWith(this.prefix)) return undefined;
    return eventTypeOfTopic(topic.slice(this.prefix.length));
  }
}

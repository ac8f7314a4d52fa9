import { eventSchemas, type EventMap, type EventType } from '@agora/contracts';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import {
  RetriableError,
  SchemaRegistrationError,
  SchemaValidationError,
  UndecodableMessageError,
} from '../errors/messaging-errors';
import type { TopicNames } from '../topics/topic-names';
import { checkAvroBounds, defaultAvroLimits, type AvroLimits } from './avro-bounds';
import { frame, unframe } from './confluent-wire-format';

type Resolver = ReturnType<avro.Type['createResolver']>;

interface ReadPlan {
  resolver: Resolver | null;
  writer: avro.Type;
}

export interface DecodedEvent<T extends EventType = EventType> {
  event: EventMap[T];
  /** Registry id of the schema the producer wrote with. */
  schemaId: number;
}

/**
 * Encodes and decodes events in the Confluent wire format with schemas from the registry.
 *
 * Writing: each event type's schema is registered under `<topic>-value` once; its id is cached.
 * Reading: the writer's schema is fetched by id once and resolved against this build's schema
 * for the event type, so a consumer reads events written by older or newer producers. Before a
 * body is decoded its counts and lengths are checked against {@link AvroLimits}, so a hostile
 * message costs one bounded pass over its bytes, never an unbounded allocation loop.
 */
export class AvroCodec {
  private readonly readerTypes = new Map<EventType, avro.Type>();
  private readonly schemaIds = new Map<EventType, Promise<number>>();
  private readonly writerTypes = new Map<number, Promise<avro.Type>>();
  private readonly resolvers = new Map<string, ReadPlan>();

  constructor(
    private readonly registry: SchemaRegistry,
    private readonly topics: TopicNames,
    private readonly limits: AvroLimits = defaultAvroLimits,
  ) {}

  /** Registers the schemas of the given event types; a refusal names the subject and the reason. */
  async registerAll(types: readonly EventType[]): Promise<void> {
    await Promise.all(types.map((type) => this.schemaId(type)));
  }

  schemaId(type: EventType): Promise<number> {
    let id = this.schemaIds.get(type);
    if (!id) {
      id = this.registerSchema(this.topics.valueSubject(type), eventSchemas[type]);
      // A failed registration is not cached, so the next call tries again.
      id.catch(() => this.schemaIds.delete(type));
      this.schemaIds.set(type, id);
    }
    return id;
  }

  /** Registers any Avro schema under a subject; exposed for compatibility checks and tools. */
  async registerSchema(subject: string, schema: object): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { id } = await this.registry.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
          { subject },
        );
        return id;
      } catch (error) {
        // Apicurio answers a conflict when several replicas register a new subject at once
        // ("A rule named 'COMPATIBILITY' already exists"); once one has won, a retry succeeds.
        // A request that timed out or found the registry unreachable is worth another try too.
        if (
          attempt < 5 &&
          /already exists|timeout|timed out|ECONNREFUSED|ECONNRESET/i.test(errorMessage(error))
        ) {
          await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
          continue;
        }
        throw new SchemaRegistrationError(subject, errorMessage(error), { cause: error });
      }
    }
  }

  /** Throws {@link SchemaValidationError} naming every field that does not match the schema. */
  validate<T extends EventType>(type: T, event: EventMap[T]): void {
    const paths: string[] = [];
    this.readerType(type).isValid(event, {
      errorHook: (path: string[]) => paths.push(path.length ? path.join('.') : '(root)'),
    });
    if (paths.length > 0) throw new SchemaValidationError(type, paths);
  }

  async encode<T extends EventType>(type: T, event: EventMap[T]): Promise<Buffer> {
    this.validate(type, event);
    const id = await this.schemaId(type);
    return frame(id, this.readerType(type).toBuffer(event));
  }

  async decode<T extends EventType>(type: T, bytes: Buffer | null): Promise<DecodedEvent<T>> {
    const { schemaId, body } = unframe(bytes);
    const reader = this.readerType(type);
    const { resolver, writer } = await this.resolverFor(type, schemaId);
    checkAvroBounds(writer, body, this.limits);
    try {
      const event = (
        resolver ? reader.fromBuffer(body, resolver) : reader.fromBuffer(body)
      ) as EventMap[T];
      return { event, schemaId };
    } catch (error) {
      throw new UndecodableMessageError(
        `cannot decode ${type} written with schema id ${schemaId}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }

  private readerType(type: EventType): avro.Type {
    let t = this.readerTypes.get(type);
    if (!t) {
      t = avro.Type.forSchema(eventSchemas[type] as avro.Schema);
      this.readerTypes.set(type, t);
    }
    return t;
  }

  /** The resolver from a writer's schema to this build's (null when they are equal), and the writer's type. */
  private async resolverFor(type: EventType, writerId: number): Promise<ReadPlan> {
    const key = `${writerId}:${type}`;
    const cached = this.resolvers.get(key);
    if (cached !== undefined) return cached;
    const reader = this.readerType(type);
    const writer = await this.writerType(writerId);
    let resolver: Resolver | null;
    if (writer.equals(reader)) {
      resolver = null;
    } else {
      try {
        resolver = reader.createResolver(writer);
      } catch (error) {
        throw new UndecodableMessageError(
          `schema id ${writerId} cannot be read as ${type}: ${errorMessage(error)}`,
          { cause: error },
        );
      }
    }
    const plan = { resolver, writer };
    this.resolvers.set(key, plan);
    return plan;
  }

  private writerType(id: number): Promise<avro.Type> {
    let t = this.writerTypes.get(id);
    if (!t) {
      t = this.fetchWriterType(id);
      t.catch(() => this.writerTypes.delete(id));
      this.writerTypes.set(id, t);
    }
    return t;
  }

  private async fetchWriterType(id: number): Promise<avro.Type> {
    try {
      const schema = await this.registry.getSchema(id);
      // The client hands back an avsc Type for Avro schemas.
      return schema as unknown as avro.Type;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status === 404) {
        throw new UndecodableMessageError(
          `unknown schema id ${id}: the registry has no such schema`,
          {
            cause: error,
          },
        );
      }
      throw new RetriableError(
        `schema registry unavailable while fetching schema id ${id}: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

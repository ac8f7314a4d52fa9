/**
 * Labelled queries over the bundled corpus (libs/memory/domain/src/corpus): each names the
 * documents (by file name) that answer it. `lexical` queries use the documents' own terms;
 * `paraphrase` queries ask the same things in other words, sharing few or none of them, which
 * is what word-based retrieval misses.
 */
export interface RetrievalQuery {
  query: string;
  relevant: readonly string[];
  kind: 'lexical' | 'paraphrase';
}

const lexical = (query: string, ...relevant: string[]): RetrievalQuery => ({
  query,
  relevant,
  kind: 'lexical',
});
const paraphrase = (query: string, ...relevant: string[]): RetrievalQuery => ({
  query,
  relevant,
  kind: 'paraphrase',
});

export const RETRIEVAL_SET: readonly RetrievalQuery[] = [
  lexical('what is consumer lag and what does a growing lag mean', 'backpressure'),
  lexical('how does the Contract Net protocol award a task to a bidder', 'contract-net-protocol'),
  lexical('dead-letter topic for messages a consumer could not process', 'dead-letter-queues'),
  lexical('W3C traceparent header propagated over Kafka', 'distributed-tracing'),
  lexical('why are events named in the past tense', 'event-driven-architecture'),
  lexical('idempotent producer with a producer id and sequence number', 'exactly-once-semantics'),
  lexical('idempotency key for a payment request', 'idempotency'),
  lexical('session timeout and heartbeats trigger a rebalance', 'kafka-consumer-groups'),
  lexical('murmur2 default partitioner for keyed records', 'kafka-partitions'),
  lexical('BACKWARD compatibility rules in a schema registry', 'schema-registry'),
  lexical('outbox pattern with a separate relay', 'exactly-once-semantics'),
  lexical('head-based and tail-based sampling of traces', 'distributed-tracing'),
  lexical('auto.offset.reset earliest or latest', 'kafka-consumer-groups'),
  lexical('acks=all with min.insync.replicas', 'kafka-partitions'),
  lexical('reject new work with HTTP 429 when a bounded queue is full', 'backpressure'),
  lexical(
    'loose coupling lets teams add consumers without changing the producer',
    'event-driven-architecture',
  ),
  paraphrase('where should a message go that keeps crashing my worker?', 'dead-letter-queues'),
  paraphrase('a bad record that will never succeed: should I try again?', 'dead-letter-queues'),
  paraphrase(
    'the reader cannot keep pace with the writer; how do I keep it from drowning?',
    'backpressure',
  ),
  paraphrase('stop hammering a broken downstream so it gets a chance to heal', 'backpressure'),
  paraphrase('agents haggling over who gets a job', 'contract-net-protocol'),
  paraphrase('a boss advertises work and helpers answer with offers', 'contract-net-protocol'),
  paraphrase('following one user action as it hops between many programs', 'distributed-tracing'),
  paraphrase('linking the log lines of one purchase across every backend', 'distributed-tracing'),
  paraphrase('services react to facts instead of calling one another', 'event-driven-architecture'),
  paraphrase(
    'making sure every change takes effect one time only, even after resends',
    'exactly-once-semantics',
    'idempotency',
  ),
  paraphrase(
    'writing to several shards and saving my position all-or-nothing',
    'exactly-once-semantics',
  ),
  paraphrase('handling the same delivery twice must not bill the customer twice', 'idempotency'),
  paraphrase('duplicates show up after a crash; how do handlers cope?', 'idempotency'),
  paraphrase(
    'several workers splitting a stream, and what happens when one of them dies',
    'kafka-consumer-groups',
  ),
  paraphrase(
    'how many readers can work on one stream side by side, and what keeps things in sequence?',
    'kafka-partitions',
    'kafka-consumer-groups',
  ),
  paraphrase(
    'copies on other machines so losing a server loses no confirmed writes',
    'kafka-partitions',
  ),
  paraphrase('changing the shape of data without breaking older readers', 'schema-registry'),
  paraphrase(
    'a compact binary encoding that does not store field names with each value',
    'schema-registry',
  ),
];

/**
 * Questions the corpus does not answer, for choosing the memory's MEMORY_MIN_SCORE: a search
 * for one of them should come back empty rather than with the least bad passages. `unrelated`
 * ones share no word with the corpus worth the name; `near` ones share a word or two with it
 * (consumer, partition, register, dead, charged twice), which a text match cannot tell apart.
 */
export interface AbsentQuery {
  query: string;
  kind: 'unrelated' | 'near';
}

const unrelated = (query: string): AbsentQuery => ({ query, kind: 'unrelated' });
const near = (query: string): AbsentQuery => ({ query, kind: 'near' });

export const ABSENT_SET: readonly AbsentQuery[] = [
  unrelated('how long should I proof sourdough bread before baking'),
  unrelated('what is the capital city of Australia'),
  unrelated('best hiking trails in the Swiss Alps in autumn'),
  unrelated('how do I reset my router password'),
  unrelated('symptoms of vitamin D deficiency'),
  unrelated('how to tune a guitar to drop D'),
  unrelated('tax deductions for a home office'),
  near('I was charged twice for my subscription, how do I get a refund'),
  near('the consumer price index rose last month'),
  near('partition a hard disk on windows'),
  near('register a company name in the UK'),
  near('dead battery in my electric toothbrush'),
  near('what time does the store open on sundays'),
  near('refund policy for a late delivery'),
];

package io.agora.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Agora executor agent that shares no code with the platform, only its contracts (see
 * docs/protocol.md): it heartbeats on agora.agents.heartbeats, bids for the calls it is invited
 * to, runs the attempts awarded to it, renews their leases while it works, publishes the result,
 * and goes OFFLINE on SIGTERM.
 *
 * <p>Settings come from the environment and {@code --name value} arguments, which override it:
 * {@code --id} ({@code AGENT_ID}), {@code --capabilities} ({@code AGENT_CAPABILITIES},
 * comma-separated; default {@code classify}), {@code --capacity} (4), {@code --price-usd} (0.005),
 * {@code --work-ms} (extra time each task takes, 0), and the names the platform's services use:
 * {@code KAFKA_BROKERS},
 * {@code KAFKA_TOPIC_PREFIX}, {@code SCHEMA_REGISTRY_URL}, {@code KAFKA_SASL_MECHANISM} /
 * {@code KAFKA_SASL_USERNAME} / {@code KAFKA_SASL_PASSWORD}, {@code KAFKA_SSL},
 * {@code SCHEMA_REGISTRY_USERNAME} / {@code SCHEMA_REGISTRY_PASSWORD}.
 */
public final class JavaAgent {
  private static final Logger log = LoggerFactory.getLogger("agent");
  private static final String VERSION = "java-agent-0.1.0";
  private static final int HEARTBEAT_INTERVAL_MS = 2_000;
  /** Calls whose deadline passed longer ago than this are not answered (the round closed long since). */
  private static final long STALE_CALL_MS = 30_000;
  private static final long DRAIN_TIMEOUT_MS = 10_000;

  // Topic names from schemas/topics.yaml; each deployment may put a prefix before them.
  private static final String HEARTBEATS = "agora.agents.heartbeats";
  private static final String CALLS = "agora.auction.cfp";
  private static final String BIDS = "agora.auction.bids";
  private static final String AWARDS = "agora.auction.awards";
  private static final String PROGRESS = "agora.tasks.progress";
  private static final String COMPLETED = "agora.tasks.completed";
  private static final String FAILED = "agora.tasks.failed";
  private static final String EVALUATED = "agora.tasks.evaluated";
  /** The event type of each topic the agent reads. */
  private static final Map<String, String> READS =
      Map.of(CALLS, "CallForProposals", AWARDS, "TaskAwarded", FAILED, "TaskFailed", EVALUATED, "TaskEvaluated");

  /** The event type of each topic the agent writes. */
  private static final Map<String, String> WRITES = Map.of(HEARTBEATS, "AgentHeartbeat", BIDS, "BidSubmitted",
      PROGRESS, "TaskProgress", COMPLETED, "TaskCompleted", FAILED, "TaskFailed");

  private final Settings settings;
  private final String incarnation = UUID.randomUUID().toString();
  private final ObjectMapper json = new ObjectMapper();
  private final Classifier classifier = new Classifier(json);
  private final ConfluentAvro avro;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
  /** Attempts this agent bid for ("taskId#attempt" → when), so only answers to its own bids run. */
  private final Map<String, Long> bids = new ConcurrentHashMap<>();
  /** Attempts running now, to cancel one that ended elsewhere. */
  private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
  /** Attempts started or known to be over, so a redelivered award does not run twice. */
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  /** Running mean of this agent's task durations, the estimate it bids with. */
  private volatile double meanDurationMs = 100;
  private volatile boolean draining = false;
  private volatile boolean stopped = false;
  /** Whether a heartbeat went out; an agent that never announced itself need not say goodbye. */
  private volatile boolean announced = false;
  private final CountDownLatch loopEnded = new CountDownLatch(1);

  record Settings(
      String agentId, List<String> capabilities, int capacity, double priceUsd, long workMs,
      String prefix, Properties kafka, String registryUrl, String registryUser, String registryPassword) {

    static Settings from(String[] args) {
      Map<String, String> env = new java.util.HashMap<>(System.getenv());
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, got " + args[i]);
        String key = args[i].substring(2).toUpperCase().replace('-', '_');
        env.put(key.startsWith("KAFKA_") || key.startsWith("SCHEMA_REGISTRY_") ? key : "AGENT_" + key, args[i + 1]);
      }
      Properties kafka = new Properties();
      kafka.put("bootstrap.servers", env.getOrDefault("KAFKA_BROKERS", "127.0.0.1:9092"));
      String mechanism = env.get("KAFKA_SASL_MECHANISM");
      boolean ssl = "true".equals(env.get("KAFKA_SSL"));
      if (mechanism != null && !mechanism.isEmpty()) {
        String module = mechanism.equals("plain")
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
        kafka.put("security.protocol", ssl ? "SASL_SSL" : "SASL_PLAINTEXT");
        kafka.put("sasl.mechanism", mechanism.toUpperCase());
        kafka.put("sasl.jaas.config", String.format("%s required username=\"%s\" password=\"%s\";",
            module, require(env, "KAFKA_SASL_USERNAME"), require(env, "KAFKA_SASL_PASSWORD")));
      } else if (ssl) {
        kafka.put("security.protocol", "SSL");
      }
      return new Settings(
          env.getOrDefault("AGENT_ID", "java-" + UUID.randomUUID().toString().substring(0, 8)),
          Arrays.stream(env.getOrDefault("AGENT_CAPABILITIES", "classify").split(",")).map(String::trim)
              .filter(s -> !s.isEmpty()).toList(),
          Integer.parseInt(env.getOrDefault("AGENT_CAPACITY", "4")),
          Double.parseDouble(env.getOrDefault("AGENT_PRICE_USD", "0.005")),
          Long.parseLong(env.getOrDefault("AGENT_WORK_MS", "0")),
          env.getOrDefault("KAFKA_TOPIC_PREFIX", ""),
          kafka,
          env.getOrDefault("SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7"),
          env.get("SCHEMA_REGISTRY_USERNAME"),
          env.get("SCHEMA_REGISTRY_PASSWORD"));
    }

    private static String require(Map<String, String> env, String key) {
      String value = env.get(key);
      if (value == null || value.isEmpty()) throw new IllegalArgumentException(key + " is required when KAFKA_SASL_MECHANISM is set");
      return value;
    }
  }

  public static void main(String[] args) throws Exception {
    JavaAgent agent = new JavaAgent(Settings.from(args));
    Runtime.getRuntime().addShutdownHook(new Thread(agent::shutdown, "shutdown"));
    try {
      agent.run();
    } catch (RuntimeException e) {
      if (agent.draining) return;
      log.error("{}", e.getMessage());
      System.exit(1);
    }
  }

  JavaAgent(Settings settings) {
    this.settings = settings;
    this.avro = new ConfluentAvro(settings.registryUrl(), settings.registryUser(), settings.registryPassword());
    Properties p = new Properties();
    p.putAll(settings.kafka());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.agentId());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    // A send waits this long at most for a topic's metadata, so a stop is never held for a minute.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
    Properties c = new Properties();
    c.putAll(settings.kafka());
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.agentId());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(c);
    this.workers = Executors.newFixedThreadPool(settings.capacity());
  }

  /**
   * Reads every partition of the calls, awards, failures and verdicts from their ends, without a
   * consumer group: every agent must see every call, and a run keeps no offsets (calls it missed
   * while down are called again). Announces the agent only once it can hear.
   */
  void run() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : READS.keySet()) partitions.addAll(partitionsOf(settings.prefix() + topic));
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end offsets now, before anyone calls us
    // Register the schemas of what the agent writes before it is invited: a bid must not wait on the registry.
    WRITES.forEach((topic, type) -> avro.prepare(settings.prefix() + topic, type));
    announced = true;
    timers.scheduleAtFixedRate(() -> {
      // A periodic task that throws is never run again: a failed heartbeat must not end them all.
      try {
        heartbeat(draining ? "DRAINING" : "ONLINE");
      } catch (RuntimeException e) {
        log.warn("heartbeat failed: {}", e.toString());
      }
    }, 0, HEARTBEAT_INTERVAL_MS, TimeUnit.MILLISECONDS);
    log.info("{} online with {} (capacity {}, ${} a task), incarnation {}",
        settings.agentId(), settings.capabilities(), settings.capacity(), settings.priceUsd(), incarnation);
    try {
      while (!stopped) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          String topic = record.topic().substring(settings.prefix().length());
          try {
            GenericRecord event = avro.decode(READS.get(topic), record.value());
            switch (topic) {
              case CALLS -> onCall(event, record);
              case AWARDS -> onAward(event, record);
              case FAILED -> onFailed(event);
              case EVALUATED -> onEvaluated(event);
              default -> { }
            }
          } catch (Exception e) {
            // Not ours to dead-letter: the services that own these topics do. Skip and go on.
            log.warn("skipped {}@{}/{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
          }
        }
      }
    } catch (WakeupException e) {
      // shutdown() woke the loop.
    } finally {
      consumer.close();
      loopEnded.countDown();
    }
  }

  private List<TopicPartition> partitionsOf(String topic) {
    for (int tries = 0; ; tries++) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      }
      if (tries == 30 || stopped) {
        throw new IllegalStateException("topic " + topic + " does not exist: check KAFKA_BROKERS and KAFKA_TOPIC_PREFIX");
      }
      sleep(1_000);
    }
  }

  /** Contract Net: bid, refuse, or say nothing when the call is not for this agent. */
  private void onCall(GenericRecord call, ConsumerRecord<String, byte[]> record) {
    String capability = str(call, "capability");
    List<String> invited = strings(call, "invitedAgents");
    if (!settings.capabilities().contains(capability)) return;
    if (!invited.isEmpty() && !invited.contains(settings.agentId())) return;
    if (System.currentTimeMillis() - (long) call.get("bidDeadline") > STALE_CALL_MS) return;

    String taskId = str(call, "taskId");
    int attempt = (int) call.get("attempt");
    double load = Math.min(1.0, (double) running.size() / settings.capacity());
    String refusal = draining ? "agent is shutting down"
        : strings(call, "excludedAgents").contains(settings.agentId()) ? "excluded from this attempt"
        : running.size() >= settings.capacity() ? "at capacity (" + running.size() + "/" + settings.capacity() + " tasks)"
        : null;
    GenericRecord bid = event("BidSubmitted", call);
    bid.put("taskId", taskId);
    bid.put("attempt", attempt);
    bid.put("round", call.get("round"));
    bid.put("agentId", settings.agentId());
    bid.put("decision", new GenericData.EnumSymbol(avro.schema("BidSubmitted").getField("decision").schema(),
        refusal == null ? "BID" : "REFUSE"));
    bid.put("load", load);
    bid.put("incarnation", incarnation);
    if (refusal == null) {
      // Cheap, quick and fairly sure of itself: the auction weighs price, duration, confidence,
      // reputation and load, so this bid scores well against agents that charge more.
      bid.put("cost", settings.priceUsd());
      bid.put("estimatedDurationMs", Math.round(meanDurationMs + settings.workMs()));
      bid.put("confidence", confidence());
      long now = System.currentTimeMillis();
      bids.put(taskId + "#" + attempt, now);
      // Bids that lost are never awarded: forget them once their auction is long over.
      if (bids.size() > 10_000) bids.values().removeIf(at -> now - at > 600_000);
      log.info("bid for {} attempt {} round {}: ${}, {} ms, confidence {}", taskId, attempt,
          call.get("round"), settings.priceUsd(), bid.get("estimatedDurationMs"), bid.get("confidence"));
    } else {
      bid.put("refusalReason", refusal);
      log.info("refused {} attempt {}: {}", taskId, attempt, refusal);
    }
    send(BIDS, taskId, bid, record);
  }

  /** Runs an attempt awarded to this run of this agent, for a bid it placed, once. */
  private void onAward(GenericRecord award, ConsumerRecord<String, byte[]> record) {
    if (!settings.agentId().equals(str(award, "agentId"))) return;
    String taskId = str(award, "taskId");
    int attempt = (int) award.get("attempt");
    String key = taskId + "#" + attempt;
    String awardedRun = str(award, "incarnation");
    if (!awardedRun.isEmpty() && !awardedRun.equals(incarnation)) return; // won by an earlier run
    if (bids.remove(key) == null) {
      log.warn("award of {} for a bid this agent did not place; ignored", key);
      return;
    }
    long now = System.currentTimeMillis();
    if (seen.putIfAbsent(key, now) != null) return;
    if (seen.size() > 10_000) seen.values().removeIf(at -> now - at > 3_600_000);
    if ((long) award.get("leaseExpiresAt") <= System.currentTimeMillis()) {
      log.warn("award of {} arrived after its lease expired; ignored", key);
      return;
    }
    if (draining) {
      fail(award, record, "released", "agent is shutting down", true, 0);
      return;
    }
    log.info("won {} attempt {} (score {}, bidders {})", taskId, attempt, award.get("score"), award.get("bidders"));
    running.put(key, workers.submit(() -> work(award, record, key)));
  }

  private void work(GenericRecord award, ConsumerRecord<String, byte[]> record, String key) {
    long started = System.currentTimeMillis();
    // Renew the lease a few times per lease length while working; a quick task's result ends it.
    long leaseMs = Math.max(1_000, (long) award.get("leaseExpiresAt") - occurredAt(award));
    long renewEvery = Math.max(100, leaseMs / 3);
    ScheduledFuture<?> renewal = timers.scheduleAtFixedRate(() -> {
      try {
        progress(award, record, leaseMs);
      } catch (RuntimeException e) {
        log.warn("lease renewal of {} failed: {}", key, e.toString());
      }
    }, Math.min(250, renewEvery), renewEvery, TimeUnit.MILLISECONDS);
    try {
      JsonNode input;
      try {
        input = json.readTree(str(award, "input"));
      } catch (Exception e) {
        fail(award, record, "error", "input is not JSON: " + e.getMessage(), false, System.currentTimeMillis() - started);
        return;
      }
      String output;
      try {
        if (settings.workMs() > 0) Thread.sleep(settings.workMs());
        output = json.writeValueAsString(run(str(award, "capability"), input));
      } catch (InterruptedException e) {
        if (draining) {
          fail(award, record, "released", "agent shut down before finishing; released for another agent", true,
              System.currentTimeMillis() - started);
        } else {
          log.info("{} ended elsewhere; stopped", key);
        }
        return;
      } catch (Exception e) {
        fail(award, record, "error", e.toString(), true, System.currentTimeMillis() - started);
        return;
      }
      renewal.cancel(false);
      long durationMs = System.currentTimeMillis() - started;
      GenericRecord done = event("TaskCompleted", award);
      done.put("taskId", award.get("taskId"));
      done.put("attempt", award.get("attempt"));
      done.put("agentId", settings.agentId());
      done.put("capability", award.get("capability"));
      done.put("output", output);
      done.put("usage", usage(durationMs));
      send(COMPLETED, str(award, "taskId"), done, record);
      meanDurationMs = 0.3 * durationMs + 0.7 * meanDurationMs;
      log.info("completed {} in {} ms: {}", key, durationMs, output);
    } finally {
      renewal.cancel(false);
      running.remove(key);
    }
  }

  /** The skills this agent has; an unknown capability fails the attempt for another agent to try. */
  private JsonNode run(String capability, JsonNode input) {
    if (capability.equals("classify")) return classifier.classify(input);
    throw new IllegalStateException("no skill for capability " + capability);
  }

  /** Another party ended an attempt this agent runs (cancelled, lease expired): stop working on it. */
  private void onFailed(GenericRecord failure) {
    String producedBy = str((GenericRecord) ((GenericRecord) failure.get("envelope")).get("producer"), "service");
    if (producedBy.equals(settings.agentId())) return;
    String key = str(failure, "taskId") + "#" + failure.get("attempt");
    seen.put(key, System.currentTimeMillis());
    Future<?> task = running.remove(key);
    if (task != null) task.cancel(true);
  }

  private void onEvaluated(GenericRecord evaluation) {
    if (!settings.agentId().equals(str(evaluation, "agentId"))) return;
    String verdict = evaluation.get("verdict").toString();
    (verdict.equals("ACCEPTED") ? accepted : rejected).incrementAndGet();
    log.info("{} attempt {} evaluated {} (score {}): {}", evaluation.get("taskId"), evaluation.get("attempt"),
        verdict, evaluation.get("score"), evaluation.get("feedback"));
  }

  /** Like the platform's agents: 4 successes and 1 failure as a prior, then the verdicts seen. */
  private double confidence() {
    return Math.round(1000.0 * (accepted.get() + 4) / (accepted.get() + rejected.get() + 5)) / 1000.0;
  }

  private void progress(GenericRecord award, ConsumerRecord<String, byte[]> record, long leaseMs) {
    GenericRecord p = event("TaskProgress", award);
    p.put("taskId", award.get("taskId"));
    p.put("attempt", award.get("attempt"));
    p.put("agentId", settings.agentId());
    p.put("message", settings.agentId() + " working on " + award.get("capability"));
    p.put("leaseExpiresAt", System.currentTimeMillis() + leaseMs);
    send(PROGRESS, str(award, "taskId"), p, record);
  }

  private void fail(GenericRecord award, ConsumerRecord<String, byte[]> record, String code, String reason,
      boolean retriable, long durationMs) {
    GenericRecord f = event("TaskFailed", award);
    f.put("taskId", award.get("taskId"));
    f.put("attempt", award.get("attempt"));
    f.put("agentId", settings.agentId());
    f.put("capability", award.get("capability"));
    f.put("code", code);
    f.put("reason", reason);
    f.put("retriable", retriable);
    f.put("usage", usage(durationMs));
    send(FAILED, str(award, "taskId"), f, record);
    log.info("failed {} attempt {} ({}): {}", award.get("taskId"), award.get("attempt"), code, reason);
  }

  private GenericRecord usage(long durationMs) {
    GenericRecord u = avro.newRecord("Usage");
    u.put("durationMs", durationMs);
    u.put("inputTokens", 0L);
    u.put("outputTokens", 0L);
    u.put("costUsd", settings.priceUsd());
    u.put("model", null);
    return u;
  }

  private void heartbeat(String status) {
    GenericRecord h = event("AgentHeartbeat", null);
    h.put("agentId", settings.agentId());
    h.put("capabilities", settings.capabilities());
    h.put("capacity", settings.capacity());
    h.put("activeTasks", status.equals("OFFLINE") ? 0 : Math.min(running.size(), settings.capacity()));
    h.put("status", new GenericData.EnumSymbol(avro.schema("AgentHeartbeat").getField("status").schema(), status));
    h.put("intervalMs", HEARTBEAT_INTERVAL_MS);
    h.put("costPerTaskUsd", settings.priceUsd());
    h.put("incarnation", incarnation);
    send(HEARTBEATS, settings.agentId(), h, null);
  }

  /** A new event of the given type with its envelope; the cause, when given, sets goalId and causationId. */
  private GenericRecord event(String type, GenericRecord cause) {
    GenericRecord producerInfo = avro.newRecord("Producer");
    producerInfo.put("service", settings.agentId());
    producerInfo.put("version", VERSION);
    GenericRecord envelope = avro.newRecord("Envelope");
    envelope.put("eventId", UUID.randomUUID().toString());
    envelope.put("occurredAt", System.currentTimeMillis());
    envelope.put("producer", producerInfo);
    if (cause != null) {
      GenericRecord causeEnvelope = (GenericRecord) cause.get("envelope");
      envelope.put("goalId", causeEnvelope.get("goalId") == null ? null : causeEnvelope.get("goalId").toString());
      envelope.put("causationId", causeEnvelope.get("eventId").toString());
    }
    GenericRecord event = avro.newRecord(type);
    event.put("envelope", envelope);
    return event;
  }

  /**
   * Publishes keyed by the task (or agent): the default partitioner hashes the key with murmur2,
   * as the platform's producers do, so a bid lands on the partition of its call. The trace
   * context of the event being answered travels on.
   */
  private void send(String topic, String key, GenericRecord event, ConsumerRecord<String, byte[]> cause) {
    ProducerRecord<String, byte[]> out = new ProducerRecord<>(settings.prefix() + topic, key, avro.encode(settings.prefix() + topic, event));
    out.headers().add("agora-event-type", event.getSchema().getName().getBytes(StandardCharsets.UTF_8));
    if (cause != null) {
      for (String name : List.of("traceparent", "tracestate")) {
        Header h = cause.headers().lastHeader(name);
        if (h != null) out.headers().add(name, h.value());
      }
    }
    producer.send(out, (meta, error) -> {
      if (error != null) log.warn("publishing {} on {} failed: {}", event.getSchema().getName(), topic, error.toString());
    });
  }

  /** SIGTERM: stop bidding (DRAINING), let running tasks finish, release the rest, go OFFLINE. */
  void shutdown() {
    draining = true;
    stopped = !announced;
    if (!announced) return;
    log.info("draining: {} tasks running", running.size());
    heartbeat("DRAINING");
    long until = System.currentTimeMillis() + DRAIN_TIMEOUT_MS;
    while (!running.isEmpty() && System.currentTimeMillis() < until) sleep(50);
    running.values().forEach(task -> task.cancel(true));
    workers.shutdown();
    try {
      workers.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopped = true;
    consumer.wakeup();
    try {
      loopEnded.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
    heartbeat("OFFLINE");
    producer.close(Duration.ofSeconds(5));
    log.info("{} offline", settings.agentId());
  }

  private static long occurredAt(GenericRecord event) {
    return (long) ((GenericRecord) event.get("envelope")).get("occurredAt");
  }

  private static String str(GenericRecord record, String field) {
    Object value = record.get(field);
    return value == null ? "" : value.toString();
  }

  private static List<String> strings(GenericRecord record, String field) {
    Object value = record.get(field);
    if (!(value instanceof List<?> list)) return List.of();
    return list.stream().map(Object::toString).toList();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

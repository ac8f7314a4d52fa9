package io.agora.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Agora's events in the Confluent wire format, with schemas from a Confluent-compatible registry
 * (Apicurio's at /apis/ccompat/v7 locally):
 *
 * <pre>
 *   byte 0      magic byte, always 0x00
 *   bytes 1-4   schema id, unsigned 32-bit big-endian, as the registry assigned it
 *   bytes 5-    the Avro binary encoding of the value, written with that schema
 * </pre>
 *
 * Writing registers this build's schema under the subject {@code <topic>-value} once and caches
 * the id (the registry answers with the existing id when the subject already has the schema).
 * Reading fetches the writer's schema by id once and resolves it against this build's schema, so
 * events written by newer or older services are read as this agent knows them.
 */
final class ConfluentAvro {
  private static final byte MAGIC_BYTE = 0;
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /**
   * Files of schemas/avro that this agent reads or writes, in dependency order: the events name
   * Envelope, Producer and Usage instead of repeating them, so those are parsed first, by the
   * same parser.
   */
  private static final List<String> SCHEMA_FILES =
      List.of(
          "Producer",
          "Usage",
          "Envelope",
          "AgentHeartbeat",
          "CallForProposals",
          "BidSubmitted",
          "TaskAwarded",
          "TaskProgress",
          "TaskCompleted",
          "TaskFailed",
          "TaskEvaluated");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String registryUrl;
  private final String authorization;
  private final Map<String, Schema> schemas = new LinkedHashMap<>();
  private final Map<String, Integer> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> writersById = new ConcurrentHashMap<>();

  ConfluentAvro(String registryUrl, String username, String password) {
    this.registryUrl = registryUrl.replaceAll("/+$", "");
    this.authorization =
        username == null || username.isEmpty()
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    Schema.Parser parser = new Schema.Parser();
    for (String name : SCHEMA_FILES) {
      try (InputStream in = ConfluentAvro.class.getResourceAsStream("/avro/" + name + ".avsc")) {
        if (in == null) throw new IllegalStateException("schema " + name + ".avsc is not in the jar");
        schemas.put(name, parser.parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The schema of an event type, by its record name (e.g. {@code BidSubmitted}). */
  Schema schema(String eventType) {
    Schema schema = schemas.get(eventType);
    if (schema == null) throw new IllegalArgumentException("unknown event type " + eventType);
    return schema;
  }

  /**
   * A record of the given type with every field that has a default set to it, so fields added to
   * the schemas later (always with defaults) need no code here.
   */
  GenericRecord newRecord(String type) {
    GenericData.Record record = new GenericData.Record(schema(type));
    for (Schema.Field field : record.getSchema().getFields()) {
      if (field.hasDefaultValue()) record.put(field.pos(), GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
    }
    return record;
  }

  /** Registers an event type's schema under {@code <topic>-value} now, so the first publish need not wait for it. */
  void prepare(String topic, String eventType) {
    idsBySubject.computeIfAbsent(topic + "-value", subject -> register(subject, schema(eventType)));
  }

  /** Registers the event's schema under {@code <topic>-value} (once) and frames its encoding. */
  byte[] encode(String topic, GenericRecord event) {
    int id = idsBySubject.computeIfAbsent(topic + "-value", subject -> register(subject, event.getSchema()));
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      out.write(MAGIC_BYTE);
      out.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(event.getSchema()).write(event, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a framed value as {@code eventType}, resolving the writer's schema against ours. */
  GenericRecord decode(String eventType, byte[] bytes) throws IOException {
    if (bytes == null || bytes.length < 5 || bytes[0] != MAGIC_BYTE) {
      throw new IOException("not in the Confluent wire format");
    }
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    Schema writer = writersById.computeIfAbsent(id, this::fetchSchema);
    var reader = new GenericDatumReader<GenericRecord>(writer, schema(eventType));
    return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
  }

  private int register(String subject, Schema schema) {
    try {
      String body = json.writeValueAsString(Map.of("schema", schema.toString()));
      String path = "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions";
      JsonNode answer = call(HttpRequest.newBuilder(URI.create(registryUrl + path))
          .POST(HttpRequest.BodyPublishers.ofString(body)));
      return answer.get("id").asInt();
    } catch (IOException e) {
      throw new UncheckedIOException("registering " + subject + ": " + e.getMessage(), e);
    }
  }

  private Schema fetchSchema(int id) {
    try {
      JsonNode answer = call(HttpRequest.newBuilder(URI.create(registryUrl + "/schemas/ids/" + id)).GET());
      return new Schema.Parser().parse(answer.get("schema").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("fetching schema id " + id + ": " + e.getMessage(), e);
    }
  }

  private JsonNode call(HttpRequest.Builder request) throws IOException {
    request.timeout(Duration.ofSeconds(10)).header("Content-Type", CONTENT_TYPE).header("Accept", CONTENT_TYPE);
    if (authorization != null) request.header("Authorization", authorization);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() >= 300) {
      throw new IOException("registry answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body());
  }
}

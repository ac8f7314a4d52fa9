package io.agora.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code classify} skill: labels a message by the cosine similarity of its words to each
 * label's keywords, turned into probabilities with a softmax. Its output is the JSON the
 * evaluator expects of {@code classify} (kind {@code classification}; see
 * schemas/payloads/output/classification.schema.json, generated from libs/contracts):
 *
 * <pre>{"kind":"classification","label":"billing","confidence":0.83,"scores":{"billing":0.83,…}}</pre>
 */
final class Classifier {
  /** Keywords per label, used when the task's params give no {@code labels}. */
  static final Map<String, String> DEFAULT_LABELS = Map.of(
      "billing", "invoice bill billing charge charged refund payment pay card credit price subscription plan cost paid overcharged receipt",
      "technical", "error bug crash broken fail failed failing not working slow timeout install update outage down login password reset api",
      "account", "account profile email username sign signup register delete close settings access locked permissions",
      "shipping", "delivery deliver shipping shipped package parcel order tracking arrive arrived late lost address courier",
      "general", "question information help hours contact feedback thanks hello general inquiry");

  private static final Set<String> STOPWORDS = Set.of(
      "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "i", "in",
      "is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "this",
      "to", "was", "we", "were", "what", "when", "with", "you", "your");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['-][\\p{L}\\p{N}]+)*");
  /** A cosine gap of 0.1 becomes an odds ratio of e (2.7). */
  private static final double TEMPERATURE = 0.1;

  private final ObjectMapper json;

  Classifier(ObjectMapper json) {
    this.json = json;
  }

  /** Classifies TaskAwarded.input (a TaskInput) and returns TaskCompleted.output. */
  ObjectNode classify(JsonNode input) {
    Map<String, String> labels = labelsOf(input.path("params").path("labels"));
    Map<String, Integer> message = termCounts(messageOf(input));
    Map<String, Double> similarity = new LinkedHashMap<>();
    labels.forEach((label, words) -> similarity.put(label, cosine(message, termCounts(words))));

    double total = similarity.values().stream().mapToDouble(s -> Math.exp(s / TEMPERATURE)).sum();
    ObjectNode scores = json.createObjectNode();
    String best = "general";
    double bestSimilarity = 0;
    for (var entry : similarity.entrySet()) {
      scores.put(entry.getKey(), round(Math.exp(entry.getValue() / TEMPERATURE) / total));
      if (entry.getValue() > bestSimilarity) {
        best = entry.getKey();
        bestSimilarity = entry.getValue();
      }
    }
    ObjectNode output = json.createObjectNode();
    output.put("kind", "classification");
    output.put("label", best);
    output.put("confidence", bestSimilarity > 0 ? scores.path(best).asDouble() : round(1.0 / labels.size()));
    output.set("scores", scores);
    return output;
  }

  /** The text to classify: {@code inputs.message}, {@code inputs.ticket}, {@code params.text}, else the goal. */
  static String messageOf(JsonNode input) {
    for (JsonNode candidate : new JsonNode[] {
        input.path("inputs").path("message"), input.path("inputs").path("ticket"), input.path("params").path("text")}) {
      if (candidate.isTextual()) return candidate.asText();
    }
    return input.path("goal").asText("");
  }

  /** {@code params.labels} ({"label": "keywords…"} or {"label": ["keyword", …]}), else the defaults. */
  private static Map<String, String> labelsOf(JsonNode custom) {
    if (!custom.isObject() || custom.isEmpty()) return new LinkedHashMap<>(DEFAULT_LABELS);
    Map<String, String> labels = new LinkedHashMap<>();
    custom.fields().forEachRemaining(e -> {
      StringBuilder words = new StringBuilder();
      if (e.getValue().isArray()) e.getValue().forEach(w -> words.append(w.asText()).append(' '));
      else words.append(e.getValue().asText());
      labels.put(e.getKey(), words.toString());
    });
    return labels;
  }

  private static Map<String, Integer> termCounts(String text) {
    Map<String, Integer> counts = new HashMap<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String term = m.group();
      if (term.length() > 1 && !STOPWORDS.contains(term)) counts.merge(term, 1, Integer::sum);
    }
    return counts;
  }

  private static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
    double dot = 0;
    for (var e : a.entrySet()) dot += e.getValue() * b.getOrDefault(e.getKey(), 0);
    double norms = norm(a) * norm(b);
    return norms == 0 ? 0 : dot / norms;
  }

  private static double norm(Map<String, Integer> v) {
    return Math.sqrt(v.values().stream().mapToDouble(x -> (double) x * x).sum());
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}

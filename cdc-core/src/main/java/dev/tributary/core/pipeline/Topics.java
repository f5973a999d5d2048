package dev.tributary.core.pipeline;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kafka names Tributary uses, in one place: change topics (one per source table), lane topics
 * (one per pipeline handler), dead-letter topics, and the groups that read them.
 */
public final class Topics {
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final String CHANGES = "tributary.changes.";

  private Topics() {}

  /** The change topic of a source table, e.g. {@code tributary.changes.Orders}. */
  public static String changeTopic(String table) {
    return CHANGES + legal(table, "table");
  }

  /** The table a change topic is named after ({@link #changeTopic}), if it is one. */
  public static Optional<String> tableOfChangeTopic(String topic) {
    return topic.startsWith(CHANGES) && topic.length() > CHANGES.length()
        ? Optional.of(topic.substring(CHANGES.length()))
        : Optional.empty();
  }

  /** The lane topic of one handler of one pipeline. */
  public static String laneTopic(String pipeline, String handler) {
    return "tributary.lane." + legal(pipeline, "pipeline") + "." + legal(handler, "handler");
  }

  /** The default dead-letter topic of one handler of one pipeline. */
  public static String deadLetterTopic(String pipeline, String handler) {
    return "tributary.dlq." + legal(pipeline, "pipeline") + "." + legal(handler, "handler");
  }

  /** The compacted topic where a lane's runners commit handler state per partition. */
  public static String stateTopic(String pipeline, String handler) {
    return "tributary.state." + legal(pipeline, "pipeline") + "." + legal(handler, "handler");
  }

  /** The Kafka Streams application id of a pipeline's topology. */
  public static String applicationId(String pipeline) {
    return "tributary.pipeline." + legal(pipeline, "pipeline");
  }

  /** The consumer group of a lane's runners. */
  public static String runnerGroup(String pipeline, String handler) {
    return "tributary.runner." + legal(pipeline, "pipeline") + "." + legal(handler, "handler");
  }

  /** Names become parts of topic names, so they use Kafka's topic alphabet. */
  public static String legal(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty() || name.length() > 100 || !LEGAL.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name '" + name + "' must be 1-100 characters of [a-zA-Z0-9._-]");
    }
    return name;
  }
}

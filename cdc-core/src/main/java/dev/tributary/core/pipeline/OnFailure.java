package dev.tributary.core.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * Lambda's event source mapping {@code DestinationConfig.OnFailure}, on a Kafka topic of the
 * worker's cluster: for each run of events of one lane partition that gave up (retries exhausted,
 * too old, or poison), one JSON invocation record in Lambda's format ({@code requestContext},
 * {@code responseContext}, {@code version}, {@code timestamp}, {@code DDBStreamBatchInfo}) is
 * written, in the same transaction that commits past them. The events still go to the lane's
 * dead-letter topic, from which they can be redriven.
 *
 * @param topic the destination topic
 * @param functionName the name in the record's {@code functionArn}; by default
 *     {@code <pipeline>-<handler>}, the function handler's default name
 */
public record OnFailure(String topic, Optional<String> functionName) {
  public OnFailure {
    Topics.legal(topic, "on-failure topic");
    Objects.requireNonNull(functionName, "functionName");
  }

  /** Invocation records to {@code topic}. */
  public static OnFailure topic(String topic) {
    return new OnFailure(topic, Optional.empty());
  }

  /** The same, naming the function in {@code functionArn}. */
  public OnFailure functionName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("on-failure functionName must not be blank");
    }
    return new OnFailure(topic, Optional.of(name));
  }
}

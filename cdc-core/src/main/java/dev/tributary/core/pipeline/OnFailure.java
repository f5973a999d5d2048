package dev.tributary.core.pipeline;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lambda's event source mapping {@code DestinationConfig.OnFailure}: for each run of events of one
 * lane partition that gave up (retries exhausted, too old, or poison), one JSON invocation record
 * in Lambda's format ({@code requestContext}, {@code responseContext}, {@code version}, {@code
 * timestamp}, {@code DDBStreamBatchInfo}). The events still go to the lane's dead-letter topic,
 * from which they can be redriven.
 *
 * <p>Two kinds: a Kafka topic of the worker's cluster ({@link #topic(String)}), written in the same
 * transaction that commits past the events; or a {@link OnFailureDestination} outside Kafka (an S3
 * bucket, a webhook; see {@code dev.tributary.handlers.sink.FailureDestinations}), delivered before
 * that transaction: until it takes the record, the partition's position is not committed, so a
 * destination that is down holds the events back rather than losing their record.
 */
public final class OnFailure {
  private final Optional<String> topic;
  private final Optional<String> description;
  private final Optional<Supplier<? extends OnFailureDestination>> destination;
  private final Optional<String> functionName;

  private OnFailure(
      Optional<String> topic,
      Optional<String> description,
      Optional<Supplier<? extends OnFailureDestination>> destination,
      Optional<String> functionName) {
    this.topic = topic;
    this.description = description;
    this.destination = destination;
    this.functionName = functionName;
  }

  /** Invocation records to the Kafka topic {@code topic}. */
  public static OnFailure topic(String topic) {
    Topics.legal(topic, "on-failure topic");
    return new OnFailure(Optional.of(topic), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Invocation records to a destination outside Kafka. {@code factory} makes one destination per
   * lane runner (closed when the runner stops); {@code description} names it in logs and in {@link
   * Pipeline#describe()}, e.g. {@code s3://order-failures} (two on-failure settings with the same
   * description and function name are equal).
   */
  public static OnFailure destination(
      String description, Supplier<? extends OnFailureDestination> factory) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(factory, "factory");
    if (description.isBlank()) {
      throw new IllegalArgumentException("on-failure destination description must not be blank");
    }
    return new OnFailure(
        Optional.empty(), Optional.of(description), Optional.of(factory), Optional.empty());
  }

  /**
   * The same, naming the function in {@code functionArn}; by default {@code <pipeline>-<handler>}.
   */
  public OnFailure functionName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("on-failure functionName must not be blank");
    }
    return new OnFailure(topic, description, destination, Optional.of(name));
  }

  /** The Kafka topic, when the records go to one. */
  public Optional<String> topic() {
    return topic;
  }

  /** The destination outside Kafka, when the records go to one: a new instance per call. */
  public Optional<OnFailureDestination> newDestination() {
    return destination.map(Supplier::get);
  }

  /** The function name in {@code functionArn}, if set. */
  public Optional<String> functionName() {
    return functionName;
  }

  /** Where the records go: {@code topic <name>} or the destination's description. */
  public String target() {
    return topic.map(t -> "topic " + t).orElseGet(description::orElseThrow);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OnFailure f
        && f.topic.equals(topic)
        && f.description.equals(description)
        && f.functionName.equals(functionName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, description, functionName);
  }

  @Override
  public String toString() {
    return "OnFailure[" + target() + functionName.map(n -> ", function " + n).orElse("") + "]";
  }
}

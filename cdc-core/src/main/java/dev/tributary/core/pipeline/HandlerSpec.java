package dev.tributary.core.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.core.handler.Handlers;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One handler of a pipeline and how its lane runs: how to create the handler, how to batch, retry
 * and dead-letter its events, and whether it receives snapshot (backfill) events. Immutable; each
 * option method returns a changed copy and rejects a bad value at once:
 *
 * <pre>{@code
 * HandlerSpec.of(() -> EmailHandler.builder().host("localhost").port(25)
 *         .from("orders@shop.example").toAttribute("email").subject("Order received").body("Thanks.")
 *         .build())
 *     .batching(Batching.of(10, Duration.ofMillis(100)))
 *     .retry(RetryPolicy.attempts(3))
 *     .isolateFailingKeys(true)
 * }</pre>
 *
 * <p>Runners create one handler per lane task with the factory, so construction should be cheap and
 * side-effect free; connections belong in {@link ChangeHandler#open}.
 */
public final class HandlerSpec {
  private final Supplier<? extends ChangeHandler> factory;
  private final String description;
  private final Optional<String> type;
  private final Map<String, Object> config;
  private final Batching batching;
  private final RetryPolicy retry;
  private final boolean bisectOnFailure;
  private final Optional<String> deadLetterTopic;
  private final boolean isolateFailingKeys;
  private final Optional<Boolean> snapshotEvents;
  private final StartingPosition startingPosition;
  private final Optional<OnFailure> onFailure;

  private HandlerSpec(
      Supplier<? extends ChangeHandler> factory,
      String description,
      Optional<String> type,
      Map<String, Object> config,
      Batching batching,
      RetryPolicy retry,
      boolean bisectOnFailure,
      Optional<String> deadLetterTopic,
      boolean isolateFailingKeys,
      Optional<Boolean> snapshotEvents,
      StartingPosition startingPosition,
      Optional<OnFailure> onFailure) {
    this.factory = factory;
    this.description = description;
    this.type = type;
    this.config = config;
    this.batching = batching;
    this.retry = retry;
    this.bisectOnFailure = bisectOnFailure;
    this.deadLetterTopic = deadLetterTopic;
    this.isolateFailingKeys = isolateFailingKeys;
    this.snapshotEvents = snapshotEvents;
    this.startingPosition = startingPosition;
    this.onFailure = onFailure;
  }

  private static HandlerSpec create(
      Supplier<? extends ChangeHandler> factory, String description, Optional<String> type,
      Map<String, Object> config) {
    return new HandlerSpec(
        factory,
        description,
        type,
        config,
        Batching.DEFAULT,
        RetryPolicy.DEFAULT,
        false,
        Optional.empty(),
        false,
        Optional.empty(),
        StartingPosition.TRIM_HORIZON,
        Optional.empty());
  }

  /**
   * A handler made by your code, e.g. {@code HandlerSpec.of(() -> new AuditHandler(auditLog))} or
   * {@code HandlerSpec.of(() -> EmailHandler.builder()...build())}.
   */
  public static HandlerSpec of(Supplier<? extends ChangeHandler> factory) {
    return create(Objects.requireNonNull(factory, "factory"), "supplied handler", Optional.empty(), Map.of());
  }

  /** A handler class with a public no-argument constructor. */
  public static HandlerSpec of(Class<? extends ChangeHandler> handlerClass) {
    Objects.requireNonNull(handlerClass, "handlerClass");
    try {
      var unused = handlerClass.getConstructor(); // checked now, called per instance
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "handler class " + handlerClass.getName() + " has no public no-argument constructor");
    }
    return create(() -> instantiate(handlerClass), handlerClass.getSimpleName(), Optional.empty(), Map.of());
  }

  /** A handler from a factory and its configuration. */
  public static HandlerSpec of(HandlerFactory factory, Map<String, ?> config) {
    Objects.requireNonNull(factory, "factory");
    Map<String, Object> copy = copy(config);
    return create(() -> factory.create(copy), "type '" + factory.type() + "'", Optional.empty(), copy);
  }

  /**
   * A handler of a type found by {@code ServiceLoader} ({@link Handlers}), as the worker's YAML
   * names it; {@link Pipeline.Builder#build()} rejects a type that is not on the class path.
   */
  public static HandlerSpec ofType(String type, Map<String, ?> config) {
    Objects.requireNonNull(type, "type");
    Map<String, Object> copy = copy(config);
    return create(() -> Handlers.create(type, copy), "type '" + type + "'", Optional.of(type), copy);
  }

  /** A read-only copy that, unlike {@code Map.copyOf}, keeps the null values YAML can hold. */
  private static Map<String, Object> copy(Map<String, ?> config) {
    Objects.requireNonNull(config, "config");
    return Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  private static ChangeHandler instantiate(Class<? extends ChangeHandler> c) {
    try {
      return c.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "handler " + c.getName() + " failed to construct", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("handler " + c.getName() + " cannot be constructed", e);
    }
  }

  /** How {@link Pipeline#describe()} names the handler, e.g. {@code "EmailHandler(smtp.local)"}. */
  public HandlerSpec describedAs(String description) {
    Objects.requireNonNull(description, "description");
    if (description.isBlank()) {
      throw new IllegalArgumentException("handler description must not be blank");
    }
    return new HandlerSpec(
        factory,
        description,
        type,
        config,
        batching,
        retry,
        bisectOnFailure,
        deadLetterTopic,
        isolateFailingKeys,
        snapshotEvents,
        startingPosition,
        onFailure);
  }

  public HandlerSpec batching(Batching batching) {
    return new HandlerSpec(
        factory,
        description,
        type,
        config,
        Objects.requireNonNull(batching, "batching"),
        retry,
        bisectOnFailure,
        deadLetterTopic,
        isolateFailingKeys,
        snapshotEvents,
        startingPosition,
        onFailure);
  }

  public HandlerSpec retry(RetryPolicy retry) {
    return new HandlerSpec(
        factory,
        description,
        type,
        config,
        batching,
        Objects.requireNonNull(retry, "retry"),
        bisectOnFailure,
        deadLetterTopic,
        isolateFailingKeys,
        snapshotEvents,
        startingPosition,
        onFailure);
  }

  /** When a batch throws, split it and retry the halves, to find the failing events. */
  public HandlerSpec bisectOnFailure(boolean bisect) {
    return new HandlerSpec(
        factory,
        description,
        type,
        config,
        batching,
        retry,
        bisect,
        deadLetterTopic,
        isolateFailingKeys,
        snapshotEvents,
        startingPosition,
        onFailure);
  }

  /** Where events that give up go; by default {@link Topics#deadLetterTopic}. */
  public HandlerSpec deadLetterTopic(String topic) {
    Objects.requireNonNull(topic, "deadLetterTopic");
    if (topic.isEmpty() || topic.length() > 249 || !topic.matches("[a-zA-Z0-9._-]+")) {
      throw new IllegalArgumentException(
          "dead-letter topic '" + topic + "' must be 1-249 characters of [a-zA-Z0-9._-]");
    }
    return new HandlerSpec(
        factory,
        description,
        type,
        config,
        batching,
        retry,
        bisectOnFailure,
        Optional.of(topic),
        isolateFailingKeys,
        snapshotEvents,
        startingPosition,
        onFailure);
  }

  /** A failing key parks itself (its later events wait behind it) while other keys flow. */
  public HandlerSpec isolateFailingKeys(boolean isolate) {
    return new HandlerSpec(
        factory,
        description,
        type,
        config,
        batching,
        retry,
        bisectOnFailure,
        deadLetterTopic,
        isolate,
        snapshotEvents,
        startingPosition,
        onFailure);
  }

  /** Whether snapshot (backfill) events reach this handler; by default the handler says. */
  public HandlerSpec snapshotEvents(boolean receive) {
    return new HandlerSpec(
        factory,
        description,
        type,
        config,
        batching,
        retry,
        bisectOnFailure,
        deadLetterTopic,
        isolateFailingKeys,
        Optional.of(receive),
        startingPosition,
        onFailure);
  }

  /**
   * Where the lane starts when it has no committed position yet (Lambda's {@code
   * StartingPosition}); {@link StartingPosition#TRIM_HORIZON} by default.
   */
  public HandlerSpec startingPosition(StartingPosition position) {
    Objects.requireNonNull(position, "startingPosition");
    return new HandlerSpec(factory, description, type, config, batching, retry, bisectOnFailure, deadLetterTopic,
        isolateFailingKeys, snapshotEvents, position, onFailure);
  }

  /** Where Lambda-format invocation records of events that gave up go (Lambda's {@code DestinationConfig.OnFailure}). */
  public HandlerSpec onFailure(OnFailure destination) {
    Objects.requireNonNull(destination, "onFailure");
    return new HandlerSpec(factory, description, type, config, batching, retry, bisectOnFailure, deadLetterTopic,
        isolateFailingKeys, snapshotEvents, startingPosition, Optional.of(destination));
  }

  public StartingPosition startingPosition() {
    return startingPosition;
  }

  public Optional<OnFailure> onFailure() {
    return onFailure;
  }

  public Supplier<? extends ChangeHandler> factory() {
    return factory;
  }

  /** How the handler is made, for {@link Pipeline#describe()}. */
  public String description() {
    return description;
  }

  /** The {@link Handlers} type name, when the handler is made from one. */
  /**
   * The configuration the handler is made from, when it is given by type or factory (as the
   * worker's YAML gives it); empty for a handler your code makes.
   */
  public Map<String, Object> config() {
    return config;
  }

  public Optional<String> type() {
    return type;
  }

  public Batching batching() {
    return batching;
  }

  public RetryPolicy retry() {
    return retry;
  }

  public boolean bisectOnFailure() {
    return bisectOnFailure;
  }

  /** The dead-letter topic set explicitly, if any. */
  public Optional<String> deadLetterTopic() {
    return deadLetterTopic;
  }

  public boolean isolateFailingKeys() {
    return isolateFailingKeys;
  }

  /** The snapshot choice set explicitly, if any. */
  public Optional<Boolean> snapshotEvents() {
    return snapshotEvents;
  }

  /**
   * Whether snapshot events reach this handler: the explicit choice, or else the handler's own
   * {@link ChangeHandler#wantsSnapshotEvents()}, asked of a probe instance that is closed at once.
   */
  public boolean receivesSnapshotEvents() {
    if (snapshotEvents.isPresent()) {
      return snapshotEvents.get();
    }
    ChangeHandler probe = Objects.requireNonNull(factory.get(), "handler factory returned null");
    try {
      return probe.wantsSnapshotEvents();
    } finally {
      try {
        probe.close();
      } catch (Exception e) {
        // A probe was never opened; a failure to close it tells nothing about the lane.
      }
    }
  }

  @Override
  public String toString() {
    return description;
  }
}

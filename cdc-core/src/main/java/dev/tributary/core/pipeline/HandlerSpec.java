package dev.tributary.core.pipeline;

import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.core.handler.Handlers;
import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
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
  /** This spec's settings: each option method changes a copy and wraps it, never this one. */
  private final Settings s;

  private HandlerSpec(Settings s) {
    this.s = s;
  }

  /** The fields of a spec, in one place; changed only while an option method makes a new spec. */
  private static final class Settings implements Cloneable {
    final Supplier<? extends ChangeHandler> factory;
    final Optional<String> type;
    final Map<String, Object> config;
    String description;
    Batching batching = Batching.DEFAULT;
    RetryPolicy retry = RetryPolicy.DEFAULT;
    boolean bisectOnFailure;
    Optional<String> deadLetterTopic = Optional.empty();
    boolean isolateFailingKeys;
    Optional<Boolean> snapshotEvents = Optional.empty();
    StartingPosition startingPosition = StartingPosition.TRIM_HORIZON;
    Optional<OnFailure> onFailure = Optional.empty();

    Settings(
        Supplier<? extends ChangeHandler> factory,
        String description,
        Optional<String> type,
        Map<String, Object> config) {
      this.factory = factory;
      this.description = description;
      this.type = type;
      this.config = config;
    }

    /** A field-by-field copy: every field holds an immutable value, so a shallow one suffices. */
    Settings copy() {
      try {
        return (Settings) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static HandlerSpec create(
      Supplier<? extends ChangeHandler> factory,
      String description,
      Optional<String> type,
      Map<String, Object> config) {
    return new HandlerSpec(new Settings(factory, description, type, config));
  }

  /** A new spec: a copy of this one's settings with {@code change} applied. */
  private HandlerSpec with(Consumer<Settings> change) {
    Settings copy = s.copy();
    change.accept(copy);
    return new HandlerSpec(copy);
  }

  /**
   * A handler made by your code, e.g. {@code HandlerSpec.of(() -> new AuditHandler(auditLog))} or
   * {@code HandlerSpec.of(() -> EmailHandler.builder()...build())}.
   */
  public static HandlerSpec of(Supplier<? extends ChangeHandler> factory) {
    return create(
        Objects.requireNonNull(factory, "factory"), "supplied handler", Optional.empty(), Map.of());
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
    return create(
        () -> instantiate(handlerClass), handlerClass.getSimpleName(), Optional.empty(), Map.of());
  }

  /** A handler from a factory and its configuration. */
  public static HandlerSpec of(HandlerFactory factory, Map<String, ?> config) {
    Objects.requireNonNull(factory, "factory");
    Map<String, Object> copy = copy(config);
    return create(
        () -> factory.create(copy), "type '" + factory.type() + "'", Optional.empty(), copy);
  }

  /**
   * A handler of a type found by {@code ServiceLoader} ({@link Handlers}), as the worker's YAML
   * names it; {@link Pipeline.Builder#build()} rejects a type that is not on the class path.
   */
  public static HandlerSpec ofType(String type, Map<String, ?> config) {
    Objects.requireNonNull(type, "type");
    Map<String, Object> copy = copy(config);
    return create(
        () -> Handlers.create(type, copy), "type '" + type + "'", Optional.of(type), copy);
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
    return with(x -> x.description = description);
  }

  public HandlerSpec batching(Batching batching) {
    return with(x -> x.batching = Objects.requireNonNull(batching, "batching"));
  }

  public HandlerSpec retry(RetryPolicy retry) {
    return with(x -> x.retry = Objects.requireNonNull(retry, "retry"));
  }

  /** When a batch throws, split it and retry the halves, to find the failing events. */
  public HandlerSpec bisectOnFailure(boolean bisect) {
    return with(x -> x.bisectOnFailure = bisect);
  }

  /** Where events that give up go; by default {@link Topics#deadLetterTopic}. */
  public HandlerSpec deadLetterTopic(String topic) {
    Objects.requireNonNull(topic, "deadLetterTopic");
    if (topic.isEmpty() || topic.length() > 249 || !topic.matches("[a-zA-Z0-9._-]+")) {
      throw new IllegalArgumentException(
          "dead-letter topic '" + topic + "' must be 1-249 characters of [a-zA-Z0-9._-]");
    }
    return with(x -> x.deadLetterTopic = Optional.of(topic));
  }

  /** A failing key parks itself (its later events wait behind it) while other keys flow. */
  public HandlerSpec isolateFailingKeys(boolean isolate) {
    return with(x -> x.isolateFailingKeys = isolate);
  }

  /** Whether snapshot (backfill) events reach this handler; by default the handler says. */
  public HandlerSpec snapshotEvents(boolean receive) {
    return with(x -> x.snapshotEvents = Optional.of(receive));
  }

  /**
   * Where the lane starts when it has no committed position yet (Lambda's {@code
   * StartingPosition}); {@link StartingPosition#TRIM_HORIZON} by default.
   */
  public HandlerSpec startingPosition(StartingPosition position) {
    Objects.requireNonNull(position, "startingPosition");
    return with(x -> x.startingPosition = position);
  }

  /**
   * Where Lambda-format invocation records of events that gave up go (Lambda's {@code
   * DestinationConfig.OnFailure}).
   */
  public HandlerSpec onFailure(OnFailure destination) {
    Objects.requireNonNull(destination, "onFailure");
    return with(x -> x.onFailure = Optional.of(destination));
  }

  public StartingPosition startingPosition() {
    return s.startingPosition;
  }

  public Optional<OnFailure> onFailure() {
    return s.onFailure;
  }

  public Supplier<? extends ChangeHandler> factory() {
    return s.factory;
  }

  /** How the handler is made, for {@link Pipeline#describe()}. */
  public String description() {
    return s.description;
  }

  /**
   * The configuration the handler is made from, when it is given by type or factory (as the
   * worker's YAML gives it); empty for a handler your code makes.
   */
  public Map<String, Object> config() {
    return s.config;
  }

  /** The {@link Handlers} type name, when the handler is made from one. */
  public Optional<String> type() {
    return s.type;
  }

  public Batching batching() {
    return s.batching;
  }

  public RetryPolicy retry() {
    return s.retry;
  }

  public boolean bisectOnFailure() {
    return s.bisectOnFailure;
  }

  /** The dead-letter topic set explicitly, if any. */
  public Optional<String> deadLetterTopic() {
    return s.deadLetterTopic;
  }

  public boolean isolateFailingKeys() {
    return s.isolateFailingKeys;
  }

  /** The snapshot choice set explicitly, if any. */
  public Optional<Boolean> snapshotEvents() {
    return s.snapshotEvents;
  }

  /**
   * Whether snapshot events reach this handler: the explicit choice, or else the handler's own
   * {@link ChangeHandler#wantsSnapshotEvents()}, asked of a probe instance that is closed at once.
   */
  public boolean receivesSnapshotEvents() {
    if (s.snapshotEvents.isPresent()) {
      return s.snapshotEvents.get();
    }
    ChangeHandler probe = Objects.requireNonNull(s.factory.get(), "handler factory returned null");
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
    return s.description;
  }
}

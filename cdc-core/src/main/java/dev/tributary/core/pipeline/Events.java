package dev.tributary.core.pipeline;

import dev.tributary.core.AttributePath;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.pipeline.internal.EventPredicates;
import dev.tributary.core.pipeline.internal.EventPredicates.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Event filters, to import statically: on the event name, the source table, the keys (including
 * {@code begins_with} on a partition or sort key for single-table entity types such as {@code
 * ORDER#}), attributes of the new or old image, and the change itself ({@link #changed}, {@link
 * #transition}). Combine them with {@link EventPredicate#and} / {@code or} / {@code negate}.
 */
public final class Events {
  private Events() {}

  public static EventPredicate inserts() {
    return Routes.onInsert();
  }

  public static EventPredicate modifies() {
    return Routes.onModify();
  }

  public static EventPredicate removes() {
    return Routes.onRemove();
  }

  public static EventPredicate eventName(EventName first, EventName... more) {
    Objects.requireNonNull(first, "eventName");
    EnumSet<EventName> names = EnumSet.of(first);
    for (EventName n : Objects.requireNonNull(more, "eventNames")) {
      names.add(Objects.requireNonNull(n, "eventName"));
    }
    return new EventPredicates.EventNameIn(names);
  }

  /** Events of one of these tables (the table named in the event's {@code eventSourceARN}). */
  public static EventPredicate table(String first, String... more) {
    Objects.requireNonNull(first, "table");
    Objects.requireNonNull(more, "tables");
    List<String> all = new ArrayList<>();
    all.add(Topics.legal(first, "table"));
    for (String t : more) {
      all.add(Topics.legal(t, "table"));
    }
    return new EventPredicates.TableIn(Set.copyOf(all));
  }

  /**
   * The partition key attribute {@code name} is a string (or binary) starting with {@code prefix}.
   */
  public static EventPredicate partitionKeyBeginsWith(String name, String prefix) {
    return key("partition key", name).beginsWith(prefix);
  }

  /**
   * The sort key attribute {@code name} starts with {@code prefix}, e.g. {@code ("SK", "ORDER#")}.
   */
  public static EventPredicate sortKeyBeginsWith(String name, String prefix) {
    return key("sort key", name).beginsWith(prefix);
  }

  /** The key attribute {@code name} equals {@code value}. */
  public static EventPredicate keyEquals(String name, AttributeValue value) {
    return key("key", name).eq(value);
  }

  /** Any condition on a key attribute: {@code key("SK").between(s("A"), s("M"))}. */
  public static AttributeCondition<EventPredicate> key(String name) {
    return key("key", name);
  }

  private static AttributeCondition<EventPredicate> key(String role, String name) {
    Objects.requireNonNull(name, "key attribute");
    if (AttributePath.parse(name).segments().size() != 1) {
      throw new IllegalArgumentException(
          role + " attribute '" + name + "' must be a top-level name");
    }
    return new AttributeCondition<>(name, c -> new EventPredicates.KeyMatches(role, c));
  }

  /** A condition on the new image; false for events without one (REMOVE). */
  public static AttributeCondition<EventPredicate> newImage(String path) {
    return new AttributeCondition<>(path, c -> new EventPredicates.OnImage(Image.NEW, c));
  }

  /** A condition on the old image; false for events without one (INSERT). */
  public static AttributeCondition<EventPredicate> oldImage(String path) {
    return new AttributeCondition<>(path, c -> new EventPredicates.OnImage(Image.OLD, c));
  }

  public static EventPredicate newImage(ImagePredicate condition) {
    return new EventPredicates.OnImage(Image.NEW, Objects.requireNonNull(condition, "condition"));
  }

  public static EventPredicate oldImage(ImagePredicate condition) {
    return new EventPredicates.OnImage(Image.OLD, Objects.requireNonNull(condition, "condition"));
  }

  /**
   * A condition on the image a handler acts on: the new image, or the old one of a REMOVE (the
   * other one when that is missing, the keys when both are); every event has one.
   */
  public static EventPredicate deliveredImage(ImagePredicate condition) {
    return new EventPredicates.OnImage(
        Image.DELIVERED, Objects.requireNonNull(condition, "condition"));
  }

  /**
   * The attribute at {@code path} changed: a MODIFY whose old and new values differ (including
   * added or removed), an INSERT whose new image has it, or a REMOVE whose old image had it.
   */
  public static EventPredicate changed(String path) {
    return new EventPredicates.Changed(AttributePath.parse(path));
  }

  /** Any of these attributes changed. */
  public static EventPredicate changedAny(String first, String... more) {
    EventPredicate p = changed(first);
    for (String path : Objects.requireNonNull(more, "paths")) {
      p = p.or(changed(path));
    }
    return p;
  }

  /** A MODIFY that moves {@code path} from {@code from} to {@code to}. */
  public static EventPredicate transition(String path, AttributeValue from, AttributeValue to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.equals(to)) {
      throw new IllegalArgumentException(
          "transition on '" + path + "' from " + from + " to the same value never happens");
    }
    return new EventPredicates.Transition(AttributePath.parse(path), Optional.of(from), to);
  }

  /** Any change that makes {@code path} equal {@code to}: an INSERT with it or a MODIFY to it. */
  public static EventPredicate transitionTo(String path, AttributeValue to) {
    return new EventPredicates.Transition(
        AttributePath.parse(path), Optional.empty(), Objects.requireNonNull(to, "to"));
  }

  /** Snapshot (backfill) events. */
  public static EventPredicate snapshots() {
    return new EventPredicates.Snapshot();
  }

  /** REMOVEs written by the TTL sweeper ({@code userIdentity} is DynamoDB's service). */
  public static EventPredicate ttlExpiries() {
    return new EventPredicates.TtlExpiry();
  }

  /** Your own test, with a name that {@link Pipeline#describe()} prints. */
  public static EventPredicate matching(String name, Predicate<? super ChangeEvent> test) {
    return new EventPredicates.Named(name, test);
  }

  /** Every one of the predicates holds (true for none). */
  public static EventPredicate allOf(EventPredicate... predicates) {
    return Arrays.stream(Objects.requireNonNull(predicates, "predicates"))
        .map(p -> Objects.requireNonNull(p, "predicate"))
        .reduce(EventPredicate::and)
        .orElseGet(EventPredicates.Always::new);
  }

  /** At least one of the predicates holds; at least one is required. */
  public static EventPredicate anyOf(EventPredicate... predicates) {
    return Arrays.stream(Objects.requireNonNull(predicates, "predicates"))
        .map(p -> Objects.requireNonNull(p, "predicate"))
        .reduce(EventPredicate::or)
        .orElseThrow(() -> new IllegalArgumentException("anyOf needs at least one predicate"));
  }
}

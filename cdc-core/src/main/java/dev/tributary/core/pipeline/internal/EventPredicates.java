package dev.tributary.core.pipeline.internal;

import dev.tributary.core.AttributePath;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.UserIdentity;
import dev.tributary.core.pipeline.EventPredicate;
import dev.tributary.core.pipeline.ImagePredicate;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The event predicates Tributary builds: immutable records that print readably. */
public final class EventPredicates {
  private EventPredicates() {}

  public static EventPredicate and(EventPredicate a, EventPredicate b) {
    return new And(a, b);
  }

  public static EventPredicate or(EventPredicate a, EventPredicate b) {
    return new Or(a, b);
  }

  public static EventPredicate not(EventPredicate a) {
    return a instanceof Not n ? n.inner() : new Not(a);
  }

  /**
   * Whether {@code p} looks only at the event's name and snapshot flag, so a change record's
   * routing headers decide it without parsing the value. Unknown predicates (a caller's own) and
   * anything reading keys, images, table or identity need the parsed event.
   */
  public static boolean decidedByRoutingHeaders(EventPredicate p) {
    if (p instanceof Always || p instanceof EventNameIn || p instanceof Snapshot) {
      return true;
    }
    if (p instanceof And a) {
      return decidedByRoutingHeaders(a.left()) && decidedByRoutingHeaders(a.right());
    }
    if (p instanceof Or o) {
      return decidedByRoutingHeaders(o.left()) && decidedByRoutingHeaders(o.right());
    }
    return p instanceof Not n && decidedByRoutingHeaders(n.inner());
  }

  /** Which image of an event a predicate looks at. */
  public enum Image {
    NEW,
    OLD,
    /**
     * The image a handler acts on: the new image, or the old one of a REMOVE; the other one when
     * that is missing, the keys when both are (a KEYS_ONLY stream). Every event has it.
     */
    DELIVERED;

    Optional<Map<String, AttributeValue>> of(ChangeEvent e) {
      return switch (this) {
        case NEW -> e.dynamodb().newImage();
        case OLD -> e.dynamodb().oldImage();
        case DELIVERED ->
            Optional.of(
                (e.eventName() == EventName.REMOVE
                        ? e.dynamodb().oldImage().or(() -> e.dynamodb().newImage())
                        : e.dynamodb().newImage().or(() -> e.dynamodb().oldImage()))
                    .orElse(e.dynamodb().keys()));
      };
    }
  }

  public record Always() implements EventPredicate {
    @Override
    public boolean test(ChangeEvent event) {
      return true;
    }

    @Override
    public String toString() {
      return "any event";
    }
  }

  public record EventNameIn(Set<EventName> names) implements EventPredicate {
    public EventNameIn {
      names = Set.copyOf(names);
    }

    @Override
    public boolean test(ChangeEvent event) {
      return names.contains(event.eventName());
    }

    @Override
    public String toString() {
      return "eventName in " + names.stream().sorted().map(Enum::name).collect(Collectors.toList());
    }
  }

  public record TableIn(Set<String> tables) implements EventPredicate {
    public TableIn {
      tables = Set.copyOf(tables);
    }

    @Override
    public boolean test(ChangeEvent event) {
      return EventTables.tableOf(event).map(tables::contains).orElse(false);
    }

    @Override
    public String toString() {
      return "table in " + tables.stream().sorted().collect(Collectors.toList());
    }
  }

  /**
   * A condition on one key attribute; {@code role} ("partition key", "sort key") is for printing.
   */
  public record KeyMatches(String role, ImagePredicate condition) implements EventPredicate {
    @Override
    public boolean test(ChangeEvent event) {
      return condition.test(event.dynamodb().keys());
    }

    @Override
    public String toString() {
      return role + " " + condition;
    }
  }

  /** A condition on the new or old image; false when the event lacks that image. */
  public record OnImage(Image image, ImagePredicate condition) implements EventPredicate {
    @Override
    public boolean test(ChangeEvent event) {
      Optional<Map<String, AttributeValue>> img = image.of(event);
      return img.isPresent() && condition.test(img.get());
    }

    @Override
    public String toString() {
      return image.name().toLowerCase(Locale.ROOT) + "Image." + condition;
    }
  }

  /**
   * The value at {@code path} differs between the old and the new image: on MODIFY when it was
   * added, removed or changed; on INSERT when the new image has it; on REMOVE when the old one had.
   */
  public record Changed(AttributePath path) implements EventPredicate {
    @Override
    public boolean test(ChangeEvent event) {
      Optional<AttributeValue> before = event.dynamodb().oldImage().flatMap(path::resolve);
      Optional<AttributeValue> after = event.dynamodb().newImage().flatMap(path::resolve);
      return switch (event.eventName()) {
        case INSERT -> after.isPresent();
        case REMOVE -> before.isPresent();
        case MODIFY -> !before.equals(after);
      };
    }

    @Override
    public String toString() {
      return "changed(" + path + ")";
    }
  }

  /**
   * A MODIFY that moves {@code path} from {@code from} to {@code to}; with no {@code from}, any
   * change that ends at {@code to} (an INSERT with it, or a MODIFY from another or no value).
   */
  public record Transition(AttributePath path, Optional<AttributeValue> from, AttributeValue to)
      implements EventPredicate {
    public Transition {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override
    public boolean test(ChangeEvent event) {
      Optional<AttributeValue> after = event.dynamodb().newImage().flatMap(path::resolve);
      if (after.isEmpty() || !after.get().equals(to)) {
        return false;
      }
      Optional<AttributeValue> before = event.dynamodb().oldImage().flatMap(path::resolve);
      return switch (event.eventName()) {
        case INSERT -> from.isEmpty();
        case MODIFY -> from.isPresent() ? before.equals(from) : !before.equals(after);
        case REMOVE -> false;
      };
    }

    @Override
    public String toString() {
      return "transition("
          + path
          + ", "
          + from.map(String::valueOf).orElse("*")
          + " -> "
          + to
          + ")";
    }
  }

  public record Snapshot() implements EventPredicate {
    @Override
    public boolean test(ChangeEvent event) {
      return event.snapshot();
    }

    @Override
    public String toString() {
      return "snapshot event";
    }
  }

  /** A REMOVE written by DynamoDB's (or the engine's) TTL sweeper rather than by a client. */
  public record TtlExpiry() implements EventPredicate {
    @Override
    public boolean test(ChangeEvent event) {
      return event.eventName() == EventName.REMOVE
          && event.userIdentity().filter(UserIdentity.TTL_SERVICE::equals).isPresent();
    }

    @Override
    public String toString() {
      return "TTL expiry";
    }
  }

  /** A caller's own predicate with a name for {@code describe()}. */
  public record Named(String name, Predicate<? super ChangeEvent> predicate)
      implements EventPredicate {
    public Named {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    public boolean test(ChangeEvent event) {
      return predicate.test(event);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public record And(EventPredicate left, EventPredicate right) implements EventPredicate {
    @Override
    public boolean test(ChangeEvent event) {
      return left.test(event) && right.test(event);
    }

    @Override
    public String toString() {
      return "(" + left + " AND " + right + ")";
    }
  }

  public record Or(EventPredicate left, EventPredicate right) implements EventPredicate {
    @Override
    public boolean test(ChangeEvent event) {
      return left.test(event) || right.test(event);
    }

    @Override
    public String toString() {
      return "(" + left + " OR " + right + ")";
    }
  }

  public record Not(EventPredicate inner) implements EventPredicate {
    @Override
    public boolean test(ChangeEvent event) {
      return !inner.test(event);
    }

    @Override
    public String toString() {
      return "NOT " + inner;
    }
  }
}

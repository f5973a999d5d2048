package dev.tributary.worker.config.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.EventName;
import dev.tributary.core.pipeline.AttributeCondition;
import dev.tributary.core.pipeline.EventPredicate;
import dev.tributary.core.pipeline.Events;
import dev.tributary.core.pipeline.ImagePredicate;
import dev.tributary.core.pipeline.Images;
import dev.tributary.core.pipeline.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads filters, routes and views written in YAML into the same predicates the Java DSL builds
 * ({@link Events}, {@link Routes}, {@link Images}), so both print and behave alike.
 */
final class PredicateReader {
  static final List<String> EVENT_KEYS =
      List.of(
          "event-name",
          "table",
          "partition-key-begins-with",
          "sort-key-begins-with",
          "key",
          "new-image",
          "old-image",
          "changed",
          "transition",
          "all-of",
          "any-of",
          "not");
  static final List<String> WORDS =
      List.of("insert", "modify", "remove", "upsert", "always", "snapshots", "ttl-expiries");
  static final List<String> CONDITIONS =
      List.of("eq", "ne", "lt", "le", "gt", "ge", "between", "in", "exists", "begins-with");

  private PredicateReader() {}

  static Optional<EventPredicate> event(Node n) {
    if (n.isScalar()) {
      return n.oneOf(WORDS.toArray(String[]::new)).map(PredicateReader::word);
    }
    Optional<Map.Entry<String, Node>> only = single(n, EVENT_KEYS, "a filter");
    if (only.isEmpty()) {
      return Optional.empty();
    }
    String key = only.get().getKey();
    Node v = only.get().getValue();
    return switch (key) {
      case "event-name" -> eventNames(v);
      case "table" -> {
        List<String> tables = texts(v);
        yield tables.isEmpty()
            ? Optional.empty()
            : v.attempt(
                () ->
                    Events.table(
                        tables.get(0), tables.subList(1, tables.size()).toArray(String[]::new)));
      }
      case "partition-key-begins-with", "sort-key-begins-with" -> {
        v.allowOnly("attribute", "prefix");
        Optional<String> attr = v.get("attribute").requiredText();
        Optional<String> prefix = v.get("prefix").requiredText();
        if (attr.isEmpty() || prefix.isEmpty()) {
          yield Optional.empty();
        }
        yield v.attempt(
            () ->
                key.startsWith("partition")
                    ? Events.partitionKeyBeginsWith(attr.get(), prefix.get())
                    : Events.sortKeyBeginsWith(attr.get(), prefix.get()));
      }
      case "key" -> condition(v, Events::key);
      case "new-image", "old-image" -> {
        boolean isNew = key.equals("new-image");
        if (v.get("attribute").present()) {
          yield condition(v, isNew ? Events::newImage : Events::oldImage);
        }
        yield image(v).map(p -> isNew ? Events.newImage(p) : Events.oldImage(p));
      }
      case "changed" -> {
        List<String> paths = texts(v);
        yield paths.isEmpty()
            ? Optional.empty()
            : v.attempt(
                () ->
                    paths.size() == 1
                        ? Events.changed(paths.get(0))
                        : Events.changedAny(
                            paths.get(0), paths.subList(1, paths.size()).toArray(String[]::new)));
      }
      case "transition" -> {
        v.allowOnly("attribute", "from", "to");
        Optional<String> attr = v.get("attribute").requiredText();
        Optional<AttributeValue> to = Values.read(v.get("to"));
        Optional<AttributeValue> from =
            v.get("from").json().isMissingNode() ? Optional.empty() : Values.read(v.get("from"));
        if (attr.isEmpty()
            || to.isEmpty()
            || (v.get("from").json().isMissingNode() ? false : from.isEmpty())) {
          yield Optional.empty();
        }
        yield v.attempt(
            () ->
                from.isPresent()
                    ? Events.transition(attr.get(), from.get(), to.get())
                    : Events.transitionTo(attr.get(), to.get()));
      }
      case "all-of", "any-of" -> {
        List<EventPredicate> parts = new ArrayList<>();
        boolean ok = true;
        for (Node e : v.elements()) {
          Optional<EventPredicate> p = event(e);
          ok &= p.isPresent();
          p.ifPresent(parts::add);
        }
        if (ok && parts.isEmpty()) {
          v.problem("needs at least one filter");
        }
        yield !ok || parts.isEmpty()
            ? Optional.empty()
            : Optional.of(
                key.equals("all-of")
                    ? Events.allOf(parts.toArray(EventPredicate[]::new))
                    : Events.anyOf(parts.toArray(EventPredicate[]::new)));
      }
      default -> event(v).map(EventPredicate::negate); // not
    };
  }

  static Optional<ImagePredicate> image(Node n) {
    if (n.get("attribute").present()) {
      return condition(n, Images::attr);
    }
    Optional<Map.Entry<String, Node>> only =
        single(n, List.of("attribute", "all-of", "any-of", "not"), "a view condition");
    if (only.isEmpty()) {
      return Optional.empty();
    }
    Node v = only.get().getValue();
    if (only.get().getKey().equals("not")) {
      return image(v).map(ImagePredicate::negate);
    }
    boolean all = only.get().getKey().equals("all-of");
    Optional<ImagePredicate> out = Optional.empty();
    boolean ok = true;
    for (Node e : v.elements()) {
      Optional<ImagePredicate> p = image(e);
      ok &= p.isPresent();
      if (p.isPresent()) {
        out = out.isEmpty() ? p : Optional.of(all ? out.get().and(p.get()) : out.get().or(p.get()));
      }
    }
    if (ok && out.isEmpty()) {
      v.problem("needs at least one condition");
    }
    return ok ? out : Optional.empty();
  }

  /** {@code {attribute: status, eq: PENDING}} and the other conditions, on any kind of target. */
  private static <P> Optional<P> condition(Node n, Function<String, AttributeCondition<P>> on) {
    List<String> keys = new ArrayList<>(CONDITIONS);
    keys.add(0, "attribute");
    n.allowOnly(keys.toArray(String[]::new));
    Optional<String> attr = n.get("attribute").requiredText();
    List<String> given = new ArrayList<>();
    for (String c : CONDITIONS) {
      if (!n.get(c).json().isMissingNode()) {
        given.add(c);
      }
    }
    if (given.size() != 1) {
      n.problem(
          "needs exactly one condition of "
              + CONDITIONS
              + (given.isEmpty() ? "" : ", has " + given));
      return Optional.empty();
    }
    if (attr.isEmpty()) {
      return Optional.empty();
    }
    String op = given.get(0);
    Node v = n.get(op);
    Optional<AttributeCondition<P>> c = n.attempt(() -> on.apply(attr.get()));
    if (c.isEmpty()) {
      return Optional.empty();
    }
    AttributeCondition<P> cond = c.get();
    switch (op) {
      case "exists" -> {
        return v.bool().flatMap(b -> v.attempt(() -> b ? cond.exists() : cond.notExists()));
      }
      case "in" -> {
        List<AttributeValue> values = Values.readAll(v);
        return values.size() != v.elements().size()
            ? Optional.empty()
            : v.attempt(() -> cond.in(values));
      }
      case "between" -> {
        List<AttributeValue> bounds = Values.readAll(v);
        if (bounds.size() != 2 || v.elements().size() != 2) {
          v.problem("needs a list of two values [low, high]");
          return Optional.empty();
        }
        return v.attempt(() -> cond.between(bounds.get(0), bounds.get(1)));
      }
      case "begins-with" -> {
        return Values.read(v).flatMap(p -> v.attempt(() -> cond.beginsWith(p)));
      }
      default -> {
        Optional<AttributeValue> value = Values.read(v);
        return value.flatMap(
            x ->
                v.attempt(
                    () ->
                        switch (op) {
                          case "eq" -> cond.eq(x);
                          case "ne" -> cond.ne(x);
                          case "lt" -> cond.lt(x);
                          case "le" -> cond.le(x);
                          case "gt" -> cond.gt(x);
                          default -> cond.ge(x);
                        }));
      }
    }
  }

  private static Optional<EventPredicate> eventNames(Node v) {
    List<EventName> names = new ArrayList<>();
    boolean ok = true;
    for (Node e : v.elements()) {
      Optional<String> n = e.oneOf("INSERT", "MODIFY", "REMOVE");
      ok &= n.isPresent();
      n.ifPresent(x -> names.add(EventName.valueOf(x)));
    }
    if (ok && names.isEmpty()) {
      v.problem("needs at least one of [INSERT, MODIFY, REMOVE]");
    }
    return !ok || names.isEmpty()
        ? Optional.empty()
        : Optional.of(
            Events.eventName(
                names.get(0), names.subList(1, names.size()).toArray(EventName[]::new)));
  }

  private static EventPredicate word(String w) {
    return switch (w.toLowerCase(Locale.ROOT)) {
      case "insert" -> Routes.onInsert();
      case "modify" -> Routes.onModify();
      case "remove" -> Routes.onRemove();
      case "upsert" -> Routes.onUpsert();
      case "always" -> Routes.always();
      case "snapshots" -> Events.snapshots();
      default -> Events.ttlExpiries();
    };
  }

  private static List<String> texts(Node v) {
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (Node e : v.elements()) {
      Optional<String> t = e.text();
      ok &= t.isPresent();
      t.ifPresent(out::add);
    }
    if (ok && out.isEmpty()) {
      v.problem("needs at least one name");
    }
    return ok ? out : List.of();
  }

  /** The one key of a map among {@code allowed}, or a problem saying what is expected. */
  private static Optional<Map.Entry<String, Node>> single(
      Node n, List<String> allowed, String what) {
    if (!n.isMap() || n.fields().size() != 1) {
      n.problem(
          what
              + " must be a map with one key of "
              + allowed
              + (what.equals("a filter") ? ", or one of " + WORDS : ""));
      return Optional.empty();
    }
    Map.Entry<String, Node> e = n.fields().entrySet().iterator().next();
    if (!allowed.contains(e.getKey())) {
      e.getValue().problem("unknown " + what.substring(2) + "; known: " + allowed);
      return Optional.empty();
    }
    return Optional.of(e);
  }
}

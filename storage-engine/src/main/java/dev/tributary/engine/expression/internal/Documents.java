package dev.tributary.engine.expression.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.PathElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and rewrites document paths in an item; values are immutable, so writes copy the spine. */
public final class Documents {
  static final String INVALID_PATH =
      "The document path provided in the update expression is invalid for update";

  private Documents() {}

  /** The value at {@code path}; empty when any step is missing or of the wrong type. */
  public static Optional<AttributeValue> get(Map<String, AttributeValue> item, Path path) {
    AttributeValue current = item.get(path.attributeName());
    for (int i = 1; i < path.depth() && current != null; i++) {
      current = step(current, path.element(i));
    }
    return Optional.ofNullable(current);
  }

  private static AttributeValue step(AttributeValue container, PathElement element) {
    if (element instanceof PathElement.Name n && container instanceof AttributeValue.M m) {
      return m.value().get(n.name());
    }
    if (element instanceof PathElement.Index ix && container instanceof AttributeValue.L l) {
      return ix.index() < l.value().size() ? l.value().get(ix.index()) : null;
    }
    return null;
  }

  /**
   * Writes {@code value} at {@code path}: the parent must exist with the right type; an index past
   * the end of a list appends.
   */
  public static void set(Map<String, AttributeValue> item, Path path, AttributeValue value) {
    if (path.isTopLevel()) {
      item.put(path.attributeName(), value);
      return;
    }
    AttributeValue root = item.get(path.attributeName());
    if (root == null) {
      throw new ValidationException(INVALID_PATH);
    }
    item.put(path.attributeName(), setIn(root, path, 1, value));
  }

  private static AttributeValue setIn(
      AttributeValue container, Path path, int i, AttributeValue v) {
    PathElement e = path.element(i);
    boolean last = i == path.depth() - 1;
    if (e instanceof PathElement.Name n && container instanceof AttributeValue.M m) {
      Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
      if (last) {
        copy.put(n.name(), v);
      } else {
        AttributeValue child = copy.get(n.name());
        if (child == null) {
          throw new ValidationException(INVALID_PATH);
        }
        copy.put(n.name(), setIn(child, path, i + 1, v));
      }
      return AttributeValue.m(copy);
    }
    if (e instanceof PathElement.Index ix && container instanceof AttributeValue.L l) {
      List<AttributeValue> copy = new ArrayList<>(l.value());
      int at = ix.index();
      if (last) {
        if (at < copy.size()) {
          copy.set(at, v);
        } else {
          copy.add(v);
        }
      } else {
        if (at >= copy.size()) {
          throw new ValidationException(INVALID_PATH);
        }
        copy.set(at, setIn(copy.get(at), path, i + 1, v));
      }
      return AttributeValue.l(copy);
    }
    throw new ValidationException(INVALID_PATH);
  }

  /**
   * Removes the value at {@code path}; a missing leaf is no error, a missing top-level attribute
   * above it or a step into a value of the wrong type is. Removing a list element shifts the ones
   * after it.
   */
  public static void remove(Map<String, AttributeValue> item, Path path) {
    if (path.isTopLevel()) {
      item.remove(path.attributeName());
      return;
    }
    AttributeValue root = item.get(path.attributeName());
    if (root == null) {
      throw new ValidationException(INVALID_PATH); // as DynamoDB: a.b with no a is no document path
    }
    item.put(path.attributeName(), removeIn(root, path, 1));
  }

  private static AttributeValue removeIn(AttributeValue container, Path path, int i) {
    PathElement e = path.element(i);
    boolean last = i == path.depth() - 1;
    if (e instanceof PathElement.Name n && container instanceof AttributeValue.M m) {
      AttributeValue child = m.value().get(n.name());
      if (child == null) {
        return container;
      }
      Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
      if (last) {
        copy.remove(n.name());
      } else {
        copy.put(n.name(), removeIn(child, path, i + 1));
      }
      return AttributeValue.m(copy);
    }
    if (e instanceof PathElement.Index ix && container instanceof AttributeValue.L l) {
      if (ix.index() >= l.value().size()) {
        return container;
      }
      List<AttributeValue> copy = new ArrayList<>(l.value());
      if (last) {
        copy.remove(ix.index());
      } else {
        copy.set(ix.index(), removeIn(copy.get(ix.index()), path, i + 1));
      }
      return AttributeValue.l(copy);
    }
    throw new ValidationException(INVALID_PATH);
  }
}

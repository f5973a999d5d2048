package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.internal.Documents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies a projection as DynamoDB does: nested paths keep their enclosing maps and lists, list
 * elements picked by index come out as a compacted list in index order, missing paths are left out.
 */
public final class Projections {
  private Projections() {}

  public static Map<String, AttributeValue> apply(
      ProjectionExpression projection, Map<String, AttributeValue> item) {
    return apply(Objects.requireNonNull(projection, "projection").paths(), item);
  }

  public static Map<String, AttributeValue> apply(
      List<Path> paths, Map<String, AttributeValue> item) {
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(item, "item");
    MapNode root = new MapNode();
    for (Path path : paths) {
      Optional<AttributeValue> value = Documents.get(item, path);
      value.ifPresent(v -> root.put(path, 0, v));
    }
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    root.children.forEach((k, v) -> out.put(k, v.build()));
    return out;
  }

  /** The projected skeleton: a whole value, or a partial map or list. */
  private interface Node {
    AttributeValue build();
  }

  private record Leaf(AttributeValue value) implements Node {
    @Override
    public AttributeValue build() {
      return value;
    }
  }

  private abstract static class Inner implements Node {
    abstract Node child(PathElement e);

    abstract void setChild(PathElement e, Node n);

    void put(Path path, int i, AttributeValue value) {
      PathElement e = path.element(i);
      if (i == path.depth() - 1) {
        setChild(e, new Leaf(value));
        return;
      }
      Node existing = child(e);
      if (existing instanceof Leaf) {
        return; // the whole value is already projected
      }
      Inner next = (Inner) existing;
      if (next == null) {
        next = path.element(i + 1) instanceof PathElement.Name ? new MapNode() : new ListNode();
        setChild(e, next);
      }
      next.put(path, i + 1, value);
    }
  }

  private static final class MapNode extends Inner {
    final Map<String, Node> children = new LinkedHashMap<>();

    @Override
    Node child(PathElement e) {
      return children.get(((PathElement.Name) e).name());
    }

    @Override
    void setChild(PathElement e, Node n) {
      children.put(((PathElement.Name) e).name(), n);
    }

    @Override
    public AttributeValue build() {
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      children.forEach((k, v) -> m.put(k, v.build()));
      return AttributeValue.m(m);
    }
  }

  private static final class ListNode extends Inner {
    final TreeMap<Integer, Node> children = new TreeMap<>();

    @Override
    Node child(PathElement e) {
      return children.get(((PathElement.Index) e).index());
    }

    @Override
    void setChild(PathElement e, Node n) {
      children.put(((PathElement.Index) e).index(), n);
    }

    @Override
    public AttributeValue build() {
      List<AttributeValue> l = new ArrayList<>(children.size());
      children.values().forEach(n -> l.add(n.build()));
      return AttributeValue.l(l);
    }
  }
}

package dev.tributary.engine.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A document path such as {@code a.b[2].c}, names already resolved from placeholders. The first
 * element is always a {@link PathElement.Name} (the top-level attribute).
 */
public record Path(List<PathElement> elements) implements Operand {
  /** DynamoDB's limit on nesting levels in a document path. */
  public static final int MAX_DEPTH = 32;

  public Path {
    elements = List.copyOf(Objects.requireNonNull(elements, "elements"));
    if (elements.isEmpty() || !(elements.get(0) instanceof PathElement.Name)) {
      throw new IllegalArgumentException("a path starts with an attribute name: " + elements);
    }
  }

  /** The top-level attribute {@code name}, taken literally (it may contain dots or brackets). */
  public static Path of(String name) {
    return new Path(List.of(new PathElement.Name(Objects.requireNonNull(name, "name"))));
  }

  /**
   * A path written in expression syntax without placeholders, e.g. {@code "a.b[2].c"}: names are
   * split at dots, {@code [n]} is a list index. For names that contain dots use {@link #of} and
   * {@link #child}.
   */
  public static Path document(String documentPath) {
    Objects.requireNonNull(documentPath, "documentPath");
    List<PathElement> out = new ArrayList<>();
    int i = 0;
    int n = documentPath.length();
    StringBuilder name = new StringBuilder();
    while (i < n) {
      char c = documentPath.charAt(i);
      if (c == '.') {
        flushName(documentPath, name, out);
        i++;
      } else if (c == '[') {
        flushName(documentPath, name, out);
        int close = documentPath.indexOf(']', i);
        if (close < 0 || out.isEmpty()) {
          throw new IllegalArgumentException("malformed document path: " + documentPath);
        }
        try {
          out.add(new PathElement.Index(Integer.parseInt(documentPath.substring(i + 1, close))));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("malformed list index in: " + documentPath, e);
        }
        i = close + 1;
      } else {
        name.append(c);
        i++;
      }
    }
    flushName(documentPath, name, out);
    return new Path(out);
  }

  private static void flushName(String whole, StringBuilder name, List<PathElement> out) {
    if (name.length() > 0) {
      out.add(new PathElement.Name(name.toString()));
      name.setLength(0);
    } else if (out.isEmpty()) {
      throw new IllegalArgumentException("malformed document path: " + whole);
    }
  }

  /** This path followed by the map key {@code name}. */
  public Path child(String name) {
    return append(new PathElement.Name(Objects.requireNonNull(name, "name")));
  }

  /** This path followed by the list index {@code index}. */
  public Path index(int index) {
    return append(new PathElement.Index(index));
  }

  private Path append(PathElement element) {
    List<PathElement> next = new ArrayList<>(elements.size() + 1);
    next.addAll(elements);
    next.add(element);
    return new Path(next);
  }

  /** The top-level attribute name. */
  public String attributeName() {
    return ((PathElement.Name) elements.get(0)).name();
  }

  public int depth() {
    return elements.size();
  }

  public PathElement element(int i) {
    return elements.get(i);
  }

  public boolean isTopLevel() {
    return elements.size() == 1;
  }

  /** The path without its last element; empty for a top-level path. */
  public Optional<Path> parent() {
    return isTopLevel()
        ? Optional.empty()
        : Optional.of(new Path(elements.subList(0, elements.size() - 1)));
  }

  /** The path as DynamoDB prints it in error messages: {@code [a, b, [2]]}. */
  public String describe() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(elements.get(i));
    }
    return sb.append(']').toString();
  }

  /** {@code a.b[2]}; names are printed as they are, without quoting. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < elements.size(); i++) {
      PathElement e = elements.get(i);
      if (i > 0 && e instanceof PathElement.Name) {
        sb.append('.');
      }
      sb.append(e);
    }
    return sb.toString();
  }
}

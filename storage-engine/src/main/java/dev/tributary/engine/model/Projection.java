package dev.tributary.engine.model;

import java.util.List;
import java.util.Objects;

/** A secondary index's projection: ALL, KEYS_ONLY, or INCLUDE with named non-key attributes. */
public record Projection(ProjectionType projectionType, List<String> nonKeyAttributes) {
  public Projection {
    Objects.requireNonNull(projectionType, "projectionType");
    nonKeyAttributes = List.copyOf(Objects.requireNonNull(nonKeyAttributes, "nonKeyAttributes"));
  }

  public static Projection all() {
    return new Projection(ProjectionType.ALL, List.of());
  }

  public static Projection keysOnly() {
    return new Projection(ProjectionType.KEYS_ONLY, List.of());
  }

  public static Projection include(String... nonKeyAttributes) {
    return new Projection(ProjectionType.INCLUDE, List.of(nonKeyAttributes));
  }
}

package dev.tributary.core.pipeline.internal;

import dev.tributary.core.ChangeEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A pipeline's projection: images keep the named top-level attributes and the keys. */
public final class Projection {
  private final Set<String> attributes;

  public Projection(List<String> attributes) {
    this.attributes = new LinkedHashSet<>(attributes);
  }

  public ChangeEvent apply(ChangeEvent event) {
    return EventCopies.project(event, attributes);
  }
}

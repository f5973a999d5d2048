package dev.tributary.engine.model;

import dev.tributary.core.StreamViewType;
import java.util.Objects;
import java.util.Optional;

/** Whether a table writes a change log, and which images its records carry. */
public record StreamSpecification(boolean streamEnabled, Optional<StreamViewType> streamViewType) {
  public StreamSpecification {
    Objects.requireNonNull(streamViewType, "streamViewType");
  }

  public static StreamSpecification enabled(StreamViewType viewType) {
    return new StreamSpecification(true, Optional.of(viewType));
  }

  public static StreamSpecification disabled() {
    return new StreamSpecification(false, Optional.empty());
  }
}

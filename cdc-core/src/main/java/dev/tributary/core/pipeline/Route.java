package dev.tributary.core.pipeline;

import java.util.Objects;

/** One route of a pipeline: events matching {@code when} go to the lane of {@code handler}. */
public record Route(String handler, EventPredicate when) {
  public Route {
    Topics.legal(handler, "handler");
    Objects.requireNonNull(when, "when");
  }
}

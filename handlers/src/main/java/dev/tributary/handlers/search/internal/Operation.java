package dev.tributary.handlers.search.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.ChangeEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * One event's effect on the index: put {@code document} (or delete) at {@code id}, version {@code
 * version}.
 */
public record Operation(
    ChangeEvent event, String index, String id, long version, Optional<ObjectNode> document) {
  public Operation {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(document, "document");
  }

  public String eventId() {
    return event.eventId();
  }

  public boolean isDelete() {
    return document.isEmpty();
  }
}

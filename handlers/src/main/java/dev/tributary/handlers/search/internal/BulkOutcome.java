package dev.tributary.handlers.search.internal;

import java.util.Map;
import java.util.Set;

/**
 * What a bulk write left undone, by eventID with the reason: {@code bad} can never succeed (the
 * index rejects the document), {@code failed} may succeed later (overload, connection, a missing
 * index, listed in {@code missingIndices}).
 */
public record BulkOutcome(
    Map<String, String> bad, Map<String, String> failed, Set<String> missingIndices) {
  public BulkOutcome {
    bad = Map.copyOf(bad);
    failed = Map.copyOf(failed);
    missingIndices = Set.copyOf(missingIndices);
  }
}

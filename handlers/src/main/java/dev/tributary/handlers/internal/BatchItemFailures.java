package dev.tributary.handlers.internal;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.handlers.lambda.FailureScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a function's response to a batch result as Lambda's ReportBatchItemFailures does: each
 * {@code itemIdentifier} is a record's SequenceNumber; an empty list is success; an identifier that
 * is null, empty or not in the batch fails the whole batch. Responses other than {@link
 * StreamsEventResponse} (or a map shaped like one, as a function may return) mean success. Shared
 * by the Java Lambda adapter and the Runtime API {@code function} handler.
 */
public final class BatchItemFailures {
  private BatchItemFailures() {}

  public static BatchResult toResult(Object response, List<ChangeEvent> batch, FailureScope scope) {
    Optional<List<String>> identifiers = identifiers(response);
    if (identifiers.isEmpty() || identifiers.get().isEmpty()) {
      return BatchResult.success();
    }
    Map<String, Integer> bySequence = new HashMap<>(batch.size() * 2);
    for (int i = 0; i < batch.size(); i++) {
      bySequence.putIfAbsent(batch.get(i).dynamodb().sequenceNumber(), i);
    }
    int lowest = Integer.MAX_VALUE;
    List<ChangeEvent> failed = new ArrayList<>();
    for (String id : identifiers.get()) {
      Integer at = id == null ? null : bySequence.get(id);
      if (at == null) {
        return BatchResult.failed(batch); // as Lambda: an unknown identifier fails the batch
      }
      lowest = Math.min(lowest, at);
      if (!failed.contains(batch.get(at))) {
        failed.add(batch.get(at));
      }
    }
    if (scope == FailureScope.FROM_LOWEST) {
      return BatchResult.failed(batch.subList(lowest, batch.size()));
    }
    return BatchResult.failed(failed);
  }

  private static Optional<List<String>> identifiers(Object response) {
    if (response instanceof StreamsEventResponse r) {
      if (r.getBatchItemFailures() == null) {
        return Optional.empty();
      }
      List<String> ids = new ArrayList<>();
      for (StreamsEventResponse.BatchItemFailure f : r.getBatchItemFailures()) {
        ids.add(f == null ? null : f.getItemIdentifier());
      }
      return Optional.of(ids);
    }
    if (response instanceof Map<?, ?> m && m.get("batchItemFailures") instanceof Collection<?> c) {
      List<String> ids = new ArrayList<>();
      for (Object f : c) {
        Object id = f instanceof Map<?, ?> fm ? fm.get("itemIdentifier") : null;
        ids.add(id == null ? null : id.toString());
      }
      return Optional.of(ids);
    }
    return Optional.empty();
  }
}

package dev.tributary.handlers.search.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.transport.httpclient5.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes operations with one bulk request and maps each item's result back to its event. Every
 * operation carries the event's sequence number as an external version, so:
 *
 * <ul>
 *   <li>2xx: done; 409 (the stored version is as new or newer): done, this event is old news; 404
 *       on a delete: done (OpenSearch still records the version as a tombstone);
 *   <li>429 and 5xx, and a request that fails as a whole for those or for a connection error:
 *       retried with back-off, only what is still open, up to the policy's attempts;
 *   <li>other 4xx (a mapping conflict): bad, never retried.
 * </ul>
 */
public final class BulkWriter {
  private static final Logger log = LoggerFactory.getLogger(BulkWriter.class);

  private final OpenSearchClient client;
  private final Backoff backoff;

  public BulkWriter(OpenSearchClient client, Backoff backoff) {
    this.client = Objects.requireNonNull(client, "client");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
  }

  public BulkOutcome write(List<Operation> operations) throws InterruptedException {
    Map<String, String> bad = new HashMap<>();
    Map<String, String> failed = new HashMap<>();
    Set<String> missing = new HashSet<>();
    List<Operation> open = operations;
    String lastReason = "";
    for (int attempt = 1; !open.isEmpty(); attempt++) {
      List<Operation> retry = new ArrayList<>();
      try {
        List<BulkOperation> request = toBulk(open);
        BulkResponse response = client.bulk(b -> b.operations(request));
        if (response.items().size() != open.size()) {
          throw new IllegalStateException(
              "bulk answered "
                  + response.items().size()
                  + " items for "
                  + open.size()
                  + " operations");
        }
        for (int k = 0; k < open.size(); k++) {
          Operation op = open.get(k);
          BulkResponseItem item = response.items().get(k);
          int status = item.status();
          if (status / 100 == 2 || status == 409 || (status == 404 && op.isDelete())) {
            continue;
          }
          String reason = status + " " + describe(item.error());
          if (status == 429 || status >= 500) {
            retry.add(op);
            lastReason = reason;
          } else if (status == 404) {
            missing.add(op.index()); // deleted under us: created again on the next batch
            failed.put(op.eventId(), reason);
          } else {
            bad.put(op.eventId(), reason);
          }
        }
      } catch (OpenSearchException e) {
        lastReason = wholeRequestFailed(e.status(), e.getMessage(), open, retry, failed, bad);
      } catch (ResponseException e) {
        lastReason = wholeRequestFailed(e.status(), e.getMessage(), open, retry, failed, bad);
      } catch (IOException e) {
        retry.addAll(open); // connection refused, reset, timed out: nothing known to be done
        lastReason = e.toString();
      }
      if (!retry.isEmpty() && attempt >= backoff.maxAttempts()) {
        for (Operation op : retry) {
          failed.put(op.eventId(), "gave up after " + attempt + " attempts; last: " + lastReason);
        }
        break;
      }
      if (!retry.isEmpty()) {
        log.debug(
            "bulk attempt {}: {} of {} operations to retry ({})",
            attempt,
            retry.size(),
            open.size(),
            lastReason);
        backoff.pauseAfter(attempt);
      }
      open = retry;
    }
    return new BulkOutcome(bad, failed, missing);
  }

  /** Sorts the operations of a request that failed as a whole by its status; returns the reason. */
  private static String wholeRequestFailed(
      int status,
      String message,
      List<Operation> open,
      List<Operation> retry,
      Map<String, String> failed,
      Map<String, String> bad) {
    String reason = status + " " + message;
    if (status == 429 || status >= 500) {
      retry.addAll(open);
    } else if (status == 413 && open.size() == 1) {
      bad.put(open.get(0).eventId(), reason); // one document too large for any request
    } else {
      open.forEach(op -> failed.put(op.eventId(), reason));
    }
    return reason;
  }

  private static List<BulkOperation> toBulk(List<Operation> operations) {
    List<BulkOperation> out = new ArrayList<>(operations.size());
    for (Operation op : operations) {
      if (op.isDelete()) {
        out.add(
            BulkOperation.of(
                b ->
                    b.delete(
                        d ->
                            d.index(op.index())
                                .id(op.id())
                                .version(op.version())
                                .versionType(VersionType.External))));
      } else {
        ObjectNode doc = op.document().orElseThrow();
        out.add(
            BulkOperation.of(
                b ->
                    b.<ObjectNode>index(
                        i ->
                            i.index(op.index())
                                .id(op.id())
                                .version(op.version())
                                .versionType(VersionType.External)
                                .document(doc))));
      }
    }
    return out;
  }

  private static String describe(ErrorCause error) {
    return error == null ? "(no error cause)" : error.type() + ": " + error.reason();
  }
}

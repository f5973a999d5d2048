package dev.tributary.handlers.search.internal;

import dev.tributary.core.FatalException;
import dev.tributary.core.RetriableException;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Creates indices with the configured body the first time they are needed, and remembers which
 * exist. An index that exists already is left as it is. Overload and connection errors are retried
 * with back-off; a body OpenSearch rejects is a configuration error.
 */
public final class IndexCreator {
  private final OpenSearchGenericClient client;
  private final String body;
  private final Backoff backoff;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public IndexCreator(OpenSearchGenericClient client, String body, Backoff backoff) {
    this.client = Objects.requireNonNull(client, "client");
    this.body = Objects.requireNonNull(body, "body");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
  }

  /**
   * Makes sure {@code index} exists; throws RetriableException when OpenSearch stays unreachable.
   */
  public void ensure(String index) throws InterruptedException {
    if (known.contains(index)) {
      return;
    }
    String last = "";
    for (int attempt = 1; attempt <= backoff.maxAttempts(); attempt++) {
      try (Response r =
          client.execute(
              Requests.builder().method("PUT").endpoint("/" + index).json(body).build())) {
        int status = r.getStatus();
        String text = r.getBody().map(Body::bodyAsString).orElse("");
        if (status / 100 == 2 || text.contains("resource_already_exists_exception")) {
          known.add(index);
          return;
        }
        last = status + " " + text;
        if (status != 429 && status < 500) {
          throw new FatalException("Creating index '" + index + "' failed: " + last);
        }
      } catch (IOException e) {
        last = e.toString();
      }
      if (attempt < backoff.maxAttempts()) {
        backoff.pauseAfter(attempt);
      }
    }
    throw new RetriableException(
        "Creating index '" + index + "' failed " + backoff.maxAttempts() + " times; last: " + last);
  }

  /** Forgets {@code index}, so the next use creates it again (it was deleted under us). */
  public void forget(String index) {
    known.remove(index);
  }
}

package dev.tributary.handlers.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.RetriableException;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.handlers.search.internal.Backoff;
import dev.tributary.handlers.search.internal.BulkOutcome;
import dev.tributary.handlers.search.internal.BulkWriter;
import dev.tributary.handlers.search.internal.ClientFactory;
import dev.tributary.handlers.search.internal.DocumentIds;
import dev.tributary.handlers.search.internal.ExternalVersions;
import dev.tributary.handlers.search.internal.IndexBody;
import dev.tributary.handlers.search.internal.IndexCreator;
import dev.tributary.handlers.search.internal.IndexNames;
import dev.tributary.handlers.search.internal.JsonImages;
import dev.tributary.handlers.search.internal.Operation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;

/**
 * Keeps an OpenSearch index per table equal to the table: INSERT and MODIFY index the new image as
 * plain JSON, REMOVE deletes; the document id comes from the keys.
 *
 * <p>Exactly-once end state: every write carries the event's source sequence number as an external
 * version ({@code version_type=external}), so a redelivered, replayed or overtaken event leaves a
 * newer document alone (OpenSearch answers 409, which counts as done). Limitation: OpenSearch keeps
 * a deleted document's version only for the index's {@code gc_deletes} (raised on the indices this
 * handler creates, see {@link Builder#gcDeletes}); an INSERT or MODIFY older than a REMOVE that
 * arrives after that window recreates the document. Sequence numbers must fit in a long.
 *
 * <p>One bulk request per batch. Overload (429), server errors and connection errors are retried
 * inside the handler with back-off up to {@link Builder#retry}; what is still failing then is
 * reported as failed events. A document the index rejects (a mapping conflict, 400) is a bad
 * record: reported failed when it came with others (so the runner retries it alone), and thrown as
 * {@link BadRecordException} when it is alone (so the runner dead-letters it and only it).
 */
public final class SearchHandler implements ChangeHandler {
  /** Lifecycle; changed by compare-and-set, only forward. */
  public enum State {
    NEW,
    OPEN,
    CLOSED
  }

  private final List<URI> urls;
  private final Optional<OpenSearchClient> givenClient;
  private final Optional<String> username;
  private final Optional<String> password;
  private final IndexNames indexNames;
  private final DocumentIds ids;
  private final String indexBody;
  private final List<String> tables;
  private final RetryPolicy retry;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

  private ClientFactory.Clients clients;
  private IndexCreator creator;
  private BulkWriter writer;

  private SearchHandler(Builder b) {
    this.urls = List.copyOf(b.urls);
    this.givenClient = Optional.ofNullable(b.client);
    this.username = Optional.ofNullable(b.username);
    this.password = Optional.ofNullable(b.password);
    this.indexNames = new IndexNames(b.indexTemplate, b.indexByTable);
    this.ids = b.idTemplate == null ? DocumentIds.canonical() : DocumentIds.template(b.idTemplate);
    this.indexBody = IndexBody.withGcDeletes(IndexBody.parse(b.indexBody), b.gcDeletes);
    this.tables = List.copyOf(b.tables);
    this.retry = b.retry;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  public State state() {
    return state.get();
  }

  /** Connects and creates the indices of the configured tables that do not exist yet. */
  @Override
  public void open(HandlerContext context) throws InterruptedException {
    transition(State.NEW, State.OPEN);
    clients =
        givenClient
            .map(ClientFactory::wrap)
            .orElseGet(
                () ->
                    ClientFactory.connect(
                        urls, username, password, connectTimeout, requestTimeout));
    Backoff backoff = new Backoff(retry);
    creator =
        new IndexCreator(
            new OpenSearchGenericClient(clients.client()._transport()), indexBody, backoff);
    writer = new BulkWriter(clients.client(), backoff);
    for (String table : tables) {
      creator.ensure(indexNames.indexOfTable(table));
    }
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
      throws InterruptedException {
    Objects.requireNonNull(batch, "batch");
    if (state.get() != State.OPEN) {
      throw new IllegalStateException(
          "SearchHandler is " + state.get() + ", not OPEN: call open() first");
    }
    Map<String, String> bad = new LinkedHashMap<>();
    Map<String, String> failed = new LinkedHashMap<>();
    List<Operation> operations = new ArrayList<>(batch.size());
    for (ChangeEvent e : batch) {
      try {
        operations.add(operationOf(e));
      } catch (BadRecordException ex) {
        bad.put(e.eventId(), ex.getMessage());
      }
    }
    operations = withExistingIndices(operations, failed);
    BulkOutcome outcome = writer.write(operations);
    outcome.missingIndices().forEach(creator::forget);
    bad.putAll(outcome.bad());
    failed.putAll(outcome.failed());
    if (batch.size() == 1 && !bad.isEmpty()) {
      throw new BadRecordException(
          "Event "
              + batch.get(0).eventId()
              + " cannot be indexed: "
              + bad.values().iterator().next());
    }
    if (bad.isEmpty() && failed.isEmpty()) {
      return BatchResult.success();
    }
    Map<String, String> reasons = new LinkedHashMap<>(bad);
    reasons.putAll(failed);
    return BatchResult.failedWithReasons(reasons);
  }

  /** The operations whose index exists; the others' events are failed for a later retry. */
  private List<Operation> withExistingIndices(
      List<Operation> operations, Map<String, String> failed) throws InterruptedException {
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<Operation> out = new ArrayList<>(operations.size());
    for (Operation op : operations) {
      if (!unavailable.containsKey(op.index())) {
        try {
          creator.ensure(op.index());
        } catch (RetriableException e) {
          unavailable.put(op.index(), e.getMessage());
        }
      }
      String problem = unavailable.get(op.index());
      if (problem == null) {
        out.add(op);
      } else {
        failed.put(op.eventId(), problem);
      }
    }
    return out;
  }

  private Operation operationOf(ChangeEvent e) {
    String index = indexNames.indexOf(e);
    String id = ids.idOf(e.dynamodb().keys());
    long version = ExternalVersions.of(e);
    if (e.eventName() == EventName.REMOVE) {
      return new Operation(e, index, id, version, Optional.empty());
    }
    ObjectNode doc =
        JsonImages.document(
            e.dynamodb()
                .newImage()
                .orElseThrow(
                    () ->
                        new BadRecordException(
                            e.eventName()
                                + " event "
                                + e.eventId()
                                + " has no NewImage; the stream view type "
                                + e.dynamodb().streamViewType()
                                + " does not carry it (use NEW_IMAGE or NEW_AND_OLD_IMAGES)")));
    return new Operation(e, index, id, version, Optional.of(doc));
  }

  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public void close() {
    State was = state.getAndSet(State.CLOSED);
    if (was == State.OPEN && clients != null) {
      clients.close();
    }
  }

  private void transition(State from, State to) {
    if (!state.compareAndSet(from, to)) {
      throw new IllegalStateException(
          "SearchHandler cannot go from " + state.get() + " to " + to + " (expected " + from + ")");
    }
  }

  /** Configures a {@link SearchHandler}; setters reject bad values at once, naming them. */
  public static final class Builder {
    private final List<URI> urls = new ArrayList<>();
    private OpenSearchClient client;
    private String username;
    private String password;
    private String indexTemplate = "{table}";
    private final Map<String, String> indexByTable = new LinkedHashMap<>();
    private String idTemplate;
    private String indexBody = IndexBody.defaultBody();
    private Duration gcDeletes = Duration.ofHours(24);
    private final List<String> tables = new ArrayList<>();
    private RetryPolicy retry =
        RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** A node of the cluster, e.g. {@code http://localhost:9200}; call again for more nodes. */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      URI u;
      try {
        u = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("url '" + url + "' is not a URI: " + e.getMessage(), e);
      }
      if ((!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()))
          || u.getHost() == null) {
        throw new IllegalArgumentException("url '" + url + "' must be http(s)://host[:port]");
      }
      urls.add(u);
      return this;
    }

    /** A client the caller built (for signing, TLS, ...); the handler does not close it. */
    public Builder client(OpenSearchClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    public Builder basicAuth(String username, String password) {
      this.username = requireText(username, "username");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * The index name of a table: {@code {table}} is the lower-cased table name. Default {@code
     * {table}}.
     */
    public Builder indexTemplate(String template) {
      new IndexNames(Objects.requireNonNull(template, "indexTemplate"), Map.of());
      this.indexTemplate = template;
      return this;
    }

    /** An explicit index for one table, instead of the template. */
    public Builder index(String table, String index) {
      new IndexNames(
          "{table}", Map.of(requireText(table, "table"), Objects.requireNonNull(index, "index")));
      indexByTable.put(table, index);
      return this;
    }

    /**
     * Document ids from a template over the key attributes, e.g. {@code {customerId}#{orderDate}};
     * it must name every key attribute. Default: the canonical form (see {@code DocumentIds}).
     */
    public Builder idTemplate(String template) {
      DocumentIds.template(Objects.requireNonNull(template, "idTemplate"));
      this.idTemplate = template;
      return this;
    }

    /** The body that creates a missing index ({@code {"settings":..,"mappings":..}}). */
    public Builder indexBody(String json) {
      IndexBody.withGcDeletes(
          IndexBody.parse(Objects.requireNonNull(json, "indexBody")), gcDeletes);
      this.indexBody = json;
      return this;
    }

    /**
     * How long the indices this handler creates remember deleted documents' versions ({@code
     * index.gc_deletes}, OpenSearch's default is 60 s): the window in which an older event arriving
     * after a REMOVE is still recognized as old. Default 24 h. Each remembered delete costs heap.
     */
    public Builder gcDeletes(Duration gcDeletes) {
      this.gcDeletes = SettingChecks.positive(gcDeletes, "gcDeletes");
      return this;
    }

    /** Tables whose indices {@link SearchHandler#open} creates; others are created on first use. */
    public Builder tables(String... tables) {
      for (String t : tables) {
        this.tables.add(requireText(t, "table"));
      }
      return this;
    }

    /**
     * The handler's own retries of overload and connection errors. Default: 5 attempts, 100 ms to 5
     * s.
     */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    public SearchHandler build() {
      if (client == null && urls.isEmpty()) {
        throw new IllegalArgumentException("a SearchHandler needs a url (or a client)");
      }
      if (client != null && (!urls.isEmpty() || username != null)) {
        throw new IllegalArgumentException("give either a client or url/basicAuth, not both");
      }
      return new SearchHandler(this);
    }

    private static String requireText(String s, String name) {
      Objects.requireNonNull(s, name);
      if (s.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return s;
    }

    private static Duration positive(Duration d, String name) {
      return SettingChecks.positive(d, name);
    }
  }
}

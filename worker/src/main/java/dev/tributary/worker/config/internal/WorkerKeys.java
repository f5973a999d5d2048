package dev.tributary.worker.config.internal;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every key of the worker's YAML, declared once: name, kind, default and one line of doc. The
 * readers take their known keys ({@code allowOnly}) and defaults from here; the configuration table
 * in docs/operations.md and docs/tributary-config.schema.json are generated from here ({@link
 * ConfigDocs}). A handler's own {@code config} keys are declared by its factory.
 */
public final class WorkerKeys {
  private WorkerKeys() {}

  /** What a handler spec has unless the YAML says otherwise: the DSL's own defaults. */
  private static final HandlerSpec SPEC =
      HandlerSpec.of(
          () -> {
            throw new IllegalStateException("only read for its defaults");
          });

  // worker
  public static final ConfigKey<String> WORKER_ID =
      ConfigKey.string(
              "id",
              "this process among those running the same file: the runners' transactional ids and (with static membership)"
                  + " group member ids derive from it; two live processes must not share it, a restarted one should keep it;"
                  + " 1-64 characters of `[a-zA-Z0-9._-]`")
          .withDefaultDoc("random");
  public static final ConfigKey<String> STATE_DIR =
      ConfigKey.string(
              "state-dir",
              "the topologies' local state; processes on one machine need different ones")
          .withDefault("data/state");
  public static final ConfigKey<Duration> SHUTDOWN_TIMEOUT =
      ConfigKey.duration("shutdown-timeout", "the bound on a graceful stop")
          .withDefault(Duration.ofSeconds(30));
  public static final ConfigKey<Boolean> STATIC_MEMBERSHIP =
      ConfigKey.bool(
              "static-membership",
              "rejoin consumer groups under `worker.id` (a restarted process takes its partitions back at once)")
          .withDefault(false);
  public static final ConfigKey<String> HTTP_HOST =
      ConfigKey.string("host", "the address the health and metrics server listens on")
          .withDefault("0.0.0.0");
  public static final ConfigKey<Integer> HTTP_PORT =
      ConfigKey.integer(
              "port", "the health and metrics server's port (0 picks a free one)", 0, 65_535)
          .withDefault(9464);
  public static final ConfigKey<Boolean> HTTP_ENABLED =
      ConfigKey.bool("enabled", "serve health and metrics over HTTP").withDefault(true);
  public static final ConfigSection HTTP =
      ConfigSection.map(
          "http", "the health and metrics server", HTTP_HOST, HTTP_PORT, HTTP_ENABLED);
  public static final ConfigKey<String> LOG_FORMAT =
      ConfigKey.choice(
              "format",
              "`json` writes one JSON object per line (Logback's JSON encoder)",
              "text",
              "json")
          .withDefault("text");
  public static final ConfigKey<String> LOG_LEVEL =
      ConfigKey.choice(
              "level",
              "the level of Tributary's loggers (others log at WARN)",
              "TRACE",
              "DEBUG",
              "INFO",
              "WARN",
              "ERROR")
          .withDefault("INFO");
  public static final ConfigSection LOGGING =
      ConfigSection.map("logging", "how the worker logs", LOG_FORMAT, LOG_LEVEL);
  public static final ConfigKey<Duration> LAG_INTERVAL =
      ConfigKey.duration("lag-interval", "how often the lag gauges are measured")
          .withDefault(Duration.ofSeconds(10));
  public static final ConfigKey<Boolean> CONSOLE_ENABLED =
      ConfigKey.bool(
              "enabled", "serve the [web console](console.md) under `/console` of the HTTP port")
          .withDefault(true);
  public static final ConfigKey<String> CONSOLE_TOKEN =
      ConfigKey.string(
          "token",
          "the token the [web console](console.md)'s actions (redrive, replay) require, at least 16 characters"
              + " (write `${CONSOLE_TOKEN}` to keep it out of the file); without it the console only shows");
  public static final ConfigKey<List<Object>> CONSOLE_ALLOWED_HOSTS =
      ConfigKey.list(
              "allowed-hosts",
              "more names the [web console](console.md#safety) answers to, such as a reverse proxy's (`console.example.com`;"
                  + " `.example.com`: every name below it); `['*']` turns the Host check against DNS rebinding off")
          .withDefaultDoc(
              "`localhost`, IP addresses, the bound name and (bound beyond loopback) this machine's names");
  public static final ConfigKey<Boolean> CONSOLE_TOKEN_FOR_READS =
      ConfigKey.bool(
              "token-for-reads",
              "the [web console](console.md#safety)'s pages, JSON and event streams need `token` too, not only its actions"
                  + " (for a console reachable beyond this machine)")
          .withDefault(false);
  public static final ConfigSection CONSOLE =
      ConfigSection.map(
          "console",
          "the web console",
          CONSOLE_ENABLED,
          CONSOLE_TOKEN,
          CONSOLE_ALLOWED_HOSTS,
          CONSOLE_TOKEN_FOR_READS);
  public static final ConfigSection WORKER =
      ConfigSection.map(
          "worker",
          "the worker process",
          WORKER_ID,
          STATE_DIR,
          SHUTDOWN_TIMEOUT,
          STATIC_MEMBERSHIP,
          HTTP,
          LOGGING,
          LAG_INTERVAL,
          CONSOLE);

  // kafka
  public static final ConfigKey<String> KAFKA_DATA_DIR =
      ConfigKey.string(
              "data-dir",
              "the embedded broker's directory; the embedded broker is the default when `bootstrap-servers` is not given")
          .withDefault("data/kafka");
  public static final ConfigKey<Integer> KAFKA_PORT =
      ConfigKey.integer(
              "port",
              "the embedded broker's port (0: the directory's last port, or a free one)",
              0,
              65_535)
          .withDefault(0);
  public static final ConfigSection KAFKA_EMBEDDED =
      ConfigSection.map("embedded", "an in-process Kafka broker", KAFKA_DATA_DIR, KAFKA_PORT);
  public static final ConfigKey<String> BOOTSTRAP_SERVERS =
      ConfigKey.string("bootstrap-servers", "an existing cluster instead of the embedded broker");
  public static final ConfigKey<Map<String, Object>> KAFKA_CLIENT =
      ConfigKey.map(
          "client",
          "properties for every Kafka client (`security.protocol`, `sasl.jaas.config: ${KAFKA_JAAS}`, ...)");
  public static final ConfigKey<Integer> PARTITIONS =
      ConfigKey.integer(
              "partitions", "partitions of the change topics the worker creates", 1, 10_000)
          .withDefault(8);
  public static final ConfigSection KAFKA =
      ConfigSection.map(
          "kafka",
          "the Kafka cluster",
          KAFKA_EMBEDDED,
          BOOTSTRAP_SERVERS,
          KAFKA_CLIENT,
          PARTITIONS);

  // engine
  public static final ConfigKey<String> ENGINE_DATA_DIR =
      ConfigKey.string("data-dir", "an embedded table engine's directory")
          .withDefault("data/engine");
  public static final ConfigKey<Boolean> ENGINE_SYNC =
      ConfigKey.bool(
              "sync",
              "fsync every write before acknowledging it; `false`: a process crash loses nothing, an OS crash may lose"
                  + " recent writes")
          .withDefault(true);
  public static final ConfigKey<String> ENDPOINT_HOST =
      ConfigKey.string("host", "the address the engine's DynamoDB-compatible endpoint listens on")
          .withDefault("127.0.0.1");
  public static final ConfigKey<Integer> ENDPOINT_PORT =
      ConfigKey.integer("port", "the engine's DynamoDB-compatible endpoint's port", 0, 65_535)
          .withDefault(8000);
  public static final ConfigKey<List<Object>> ENDPOINT_CREDENTIALS =
      ConfigKey.list(
          "credentials",
          "the credentials clients sign with: `KEY:SECRET` strings or `{access-key, secret-key}` maps");
  public static final ConfigKey<Boolean> ALLOW_ANY_CREDENTIALS =
      ConfigKey.bool(
              "allow-any-credentials",
              "accept any signature (needed when no `credentials` are given)")
          .withDefault(false);
  public static final ConfigSection ENDPOINT =
      ConfigSection.map(
          "endpoint",
          "serve the embedded engine over DynamoDB's protocol",
          ENDPOINT_HOST,
          ENDPOINT_PORT,
          ENDPOINT_CREDENTIALS,
          ALLOW_ANY_CREDENTIALS);
  public static final ConfigKey<String> TABLE_NAME = ConfigKey.string("name", "the table's name");
  public static final ConfigKey<Object> PARTITION_KEY =
      ConfigKey.any(
          "partition-key", "an attribute name (type S) or `{name, type: S|N|B}`; required");
  public static final ConfigKey<Object> SORT_KEY =
      ConfigKey.any("sort-key", "an attribute name (type S) or `{name, type: S|N|B}`");
  public static final ConfigKey<String> STREAM =
      ConfigKey.choice(
              "stream",
              "the table's stream view type; `NONE` for no stream",
              "NEW_AND_OLD_IMAGES",
              "NEW_IMAGE",
              "OLD_IMAGE",
              "KEYS_ONLY",
              "NONE")
          .withDefault("NEW_AND_OLD_IMAGES");
  public static final ConfigKey<String> INDEX_NAME = ConfigKey.string("name", "the index's name");
  public static final ConfigKey<Object> PROJECTION =
      ConfigKey.any("projection", "`ALL`, `KEYS_ONLY` or `{include: [attributes]}`")
          .withDefaultDoc("`ALL`");
  public static final ConfigSection GSIS =
      ConfigSection.list(
          "global-secondary-indexes",
          "the table's global secondary indexes",
          INDEX_NAME,
          PARTITION_KEY,
          SORT_KEY,
          PROJECTION);
  public static final ConfigSection TABLES =
      ConfigSection.list(
          "tables",
          "tables created at start when missing (on-demand capacity). An existing table is never altered: one with"
              + " another key schema stops the start with an error naming both. At start the worker also warns, naming"
              + " the pipeline and table, when a pipeline reads a table the engine does not have or whose stream is off",
          TABLE_NAME,
          PARTITION_KEY,
          SORT_KEY,
          STREAM,
          GSIS);
  public static final ConfigSection ENGINE_EMBEDDED =
      ConfigSection.map(
          "embedded", "an embedded table engine", ENGINE_DATA_DIR, ENGINE_SYNC, ENDPOINT, TABLES);
  public static final ConfigKey<String> REMOTE_ENDPOINT =
      ConfigKey.string(
          "endpoint",
          "the remote engine's (or DynamoDB's) URL, such as http://127.0.0.1:8000; required");
  public static final ConfigKey<String> REGION =
      ConfigKey.string("region", "the region requests are signed for").withDefault("us-east-1");
  public static final ConfigKey<String> ACCESS_KEY =
      ConfigKey.string("access-key", "the access key requests are signed with (with `secret-key`)")
          .withDefaultDoc("AWS's default credentials");
  public static final ConfigKey<String> SECRET_KEY =
      ConfigKey.string("secret-key", "the secret key requests are signed with (with `access-key`)");
  public static final ConfigSection ENGINE_REMOTE =
      ConfigSection.map(
          "remote",
          "a remote engine (or DynamoDB), read by a `dynamodb-streams` source",
          REMOTE_ENDPOINT,
          REGION,
          ACCESS_KEY,
          SECRET_KEY);
  public static final ConfigSection ENGINE =
      ConfigSection.map(
          "engine", "the table engine: `embedded` or `remote`", ENGINE_EMBEDDED, ENGINE_REMOTE);

  // sources
  public static final ConfigKey<String> SOURCE_TYPE =
      ConfigKey.choice(
          "type",
          "what the source reads; required",
          "engine-relay",
          "dynamodb-streams",
          "debezium-postgres",
          "debezium-mysql",
          "debezium-mariadb");
  public static final ConfigKey<String> SOURCE_ID =
      ConfigKey.string(
              "id",
              "tells sources of one type apart (topic names, Debezium's slot and offsets: keep it across restarts)")
          .withDefault("default");
  public static final ConfigKey<Integer> CHANGE_TOPIC_PARTITIONS =
      ConfigKey.integer(
              "change-topic-partitions", "partitions of this source's change topics", 1, 10_000)
          .withDefaultDoc("`kafka.partitions`");
  public static final ConfigKey<String> STREAMS_ENDPOINT =
      ConfigKey.string("endpoint", "the DynamoDB Streams API endpoint's URL")
          .withDefaultDoc("`engine.remote.endpoint`");
  public static final ConfigKey<String> STREAMS_REGION =
      ConfigKey.string("region", "the region requests are signed for")
          .withDefaultDoc("`engine.remote.region`");
  public static final ConfigKey<String> STREAMS_ACCESS_KEY =
      ConfigKey.string("access-key", "the access key requests are signed with (with `secret-key`)")
          .withDefaultDoc("the remote engine's keys, else AWS's default credentials");
  public static final ConfigKey<List<Object>> STREAMS_TABLES =
      ConfigKey.list("tables", "the tables whose streams are read").withDefaultDoc("every table");
  public static final ConfigKey<Duration> POLL_INTERVAL =
      ConfigKey.duration("poll-interval", "how often a shard without new records is polled again")
          .withDefault(Duration.ofMillis(250));
  public static final ConfigKey<String> DB_HOST =
      ConfigKey.string("host", "the database's host; required");
  public static final ConfigKey<Integer> DB_PORT =
      ConfigKey.integer("port", "the database's port", 1, 65535)
          .withDefaultDoc("5432 (Postgres) / 3306");
  public static final ConfigKey<String> DB_USER =
      ConfigKey.string("user", "the user Debezium logs in as; required");
  public static final ConfigKey<String> DB_PASSWORD =
      ConfigKey.string("password", "its password (write `${ENV}`); required");
  public static final ConfigKey<String> DB_DATABASE =
      ConfigKey.string("database", "the database; required");
  public static final ConfigKey<List<Object>> DB_TABLES =
      ConfigKey.list(
              "tables", "tables as `schema.table` (Postgres) / `database.table` (MySQL, MariaDB)")
          .withDefaultDoc("every table");
  public static final ConfigKey<Boolean> INITIAL_SNAPSHOT =
      ConfigKey.bool("initial-snapshot", "read the tables' rows once before following the log")
          .withDefault(true);
  public static final ConfigKey<Duration> HEARTBEAT_INTERVAL =
      ConfigKey.duration(
              "heartbeat-interval",
              "how often Debezium records its position while the captured tables are quiet")
          .withDefault(Duration.ofSeconds(10));
  public static final ConfigKey<String> HEARTBEAT_QUERY =
      ConfigKey.string(
          "heartbeat-action-query",
          "a statement run at each heartbeat (keeps a Postgres slot moving when other databases write)");
  public static final ConfigKey<Map<String, Object>> DB_PROPERTIES =
      ConfigKey.map("properties", "further Debezium connector properties, applied last");
  public static final ConfigSection ENGINE_RELAY =
      ConfigSection.variant(
          List.of("engine-relay"),
          "relays the embedded engine's change logs",
          SOURCE_TYPE,
          SOURCE_ID,
          CHANGE_TOPIC_PARTITIONS);
  public static final ConfigSection DYNAMODB_STREAMS =
      ConfigSection.variant(
          List.of("dynamodb-streams"),
          "reads a DynamoDB Streams API endpoint",
          SOURCE_TYPE,
          SOURCE_ID,
          STREAMS_ENDPOINT,
          STREAMS_REGION,
          STREAMS_ACCESS_KEY,
          SECRET_KEY,
          STREAMS_TABLES,
          POLL_INTERVAL,
          CHANGE_TOPIC_PARTITIONS);
  public static final ConfigSection DEBEZIUM =
      ConfigSection.variant(
          List.of("debezium-postgres", "debezium-mysql", "debezium-mariadb"),
          "a database's log read by Debezium in-process ([connectors](connectors.md#debezium-postgres-mysql-mariadb))",
          SOURCE_TYPE,
          SOURCE_ID,
          DB_HOST,
          DB_PORT,
          DB_USER,
          DB_PASSWORD,
          DB_DATABASE,
          DB_TABLES,
          INITIAL_SNAPSHOT,
          HEARTBEAT_INTERVAL,
          HEARTBEAT_QUERY,
          CHANGE_TOPIC_PARTITIONS,
          DB_PROPERTIES);
  public static final ConfigSection SOURCES =
      ConfigSection.list(
              "sources",
              "where change events come from",
              SOURCE_TYPE,
              SOURCE_ID,
              CHANGE_TOPIC_PARTITIONS)
          .withVariants(ENGINE_RELAY, DYNAMODB_STREAMS, DEBEZIUM);

  // pipelines[].handlers.<name>
  public static final ConfigKey<String> HANDLER_TYPE =
      ConfigKey.string(
          "type",
          "a handler type found on the class path (`email`, `search`, `archive`, `function`, ...); or `class`");
  public static final ConfigKey<String> HANDLER_CLASS =
      ConfigKey.string(
          "class", "a `ChangeHandler` class with a public no-argument constructor; or `type`");
  public static final ConfigKey<Map<String, Object>> HANDLER_CONFIG =
      ConfigKey.map(
          "config",
          "the `type` handler's own keys (see [handler types](pipelines.md#handler-types-and-your-own-handlers)); relative paths are relative to this file");
  public static final ConfigKey<String> DESCRIPTION =
      ConfigKey.string("description", "how `describe` names the handler");
  public static final ConfigKey<Object> ROUTE =
      ConfigKey.any("route", "an event condition: only events it holds for reach this handler")
          .withDefaultDoc("every event");
  public static final ConfigKey<Integer> BATCH_SIZE =
      ConfigKey.integer("size", "the most events in one batch", 1, 10_000)
          .withDefault(Batching.DEFAULT.maxRecords());
  public static final ConfigKey<Duration> BATCH_WINDOW =
      ConfigKey.duration("window", "how long a batch waits to fill")
          .withDefault(Batching.DEFAULT.maxWindow());
  public static final ConfigSection BATCH =
      ConfigSection.map("batch", "how events are batched", BATCH_SIZE, BATCH_WINDOW);
  public static final ConfigKey<Integer> ATTEMPTS =
      ConfigKey.integer(
              "attempts",
              "deliveries of a failing event, the first included, before it gives up (to the dead-letter topic or"
                  + " `on-failure`)",
              1,
              1_000_000)
          .withDefault(RetryPolicy.DEFAULT.maxAttempts());
  public static final ConfigKey<Duration> INITIAL_BACKOFF =
      ConfigKey.duration("initial-backoff", "the wait before the first retry")
          .withDefault(RetryPolicy.DEFAULT.initialBackoff());
  public static final ConfigKey<Duration> MAX_BACKOFF =
      ConfigKey.duration("max-backoff", "the longest wait between retries")
          .withDefault(RetryPolicy.DEFAULT.maxBackoff());
  public static final ConfigKey<Double> MULTIPLIER =
      ConfigKey.number("multiplier", "how the wait grows from one retry to the next (at least 1)")
          .withDefault(RetryPolicy.DEFAULT.multiplier());
  public static final ConfigKey<Double> JITTER =
      ConfigKey.number("jitter", "the random share of each wait (0-1)")
          .withDefault(RetryPolicy.DEFAULT.jitter());
  public static final ConfigKey<Duration> MAX_EVENT_AGE =
      ConfigKey.duration(
              "max-event-age",
              "a failing event older than this gives up (Lambda's `MaximumRecordAgeInSeconds`)")
          .withDefaultDoc("none");
  public static final ConfigSection RETRY =
      ConfigSection.map(
          "retry",
          "how failed events are retried; unset keys keep `RetryPolicy.DEFAULT`'s",
          ATTEMPTS,
          INITIAL_BACKOFF,
          MAX_BACKOFF,
          MULTIPLIER,
          JITTER,
          MAX_EVENT_AGE);
  public static final ConfigKey<Boolean> BISECT =
      ConfigKey.bool(
              "bisect-on-failure",
              "a failed batch is split in halves and retried, without using up attempts")
          .withDefault(SPEC.bisectOnFailure());
  public static final ConfigKey<String> DEAD_LETTER_TOPIC =
      ConfigKey.string("dead-letter-topic", "where events that gave up go")
          .withDefaultDoc("`tributary.dlq.<pipeline>.<handler>`");
  public static final ConfigKey<Boolean> ISOLATE =
      ConfigKey.bool(
              "isolate-failing-keys",
              "only a failed event's partition key waits for its retries; the other keys flow on")
          .withDefault(SPEC.isolateFailingKeys());
  public static final ConfigKey<Boolean> SNAPSHOT_EVENTS =
      ConfigKey.bool("snapshot-events", "whether backfill (snapshot) events reach the handler")
          .withDefaultDoc("the handler's own choice");
  public static final ConfigKey<String> STARTING_POSITION =
      ConfigKey.choice(
              "starting-position",
              "where a lane without a committed position starts (Lambda's `StartingPosition`)",
              "trim-horizon",
              "latest",
              "at-timestamp",
              "TRIM_HORIZON",
              "LATEST",
              "AT_TIMESTAMP")
          .withDefaultDoc("`trim-horizon`");
  public static final ConfigKey<Object> STARTING_POSITION_TIMESTAMP =
      ConfigKey.any(
          "starting-position-timestamp",
          "for `at-timestamp`: an ISO-8601 instant (2026-03-01T10:00:00Z) or Unix seconds");
  public static final ConfigKey<String> ON_FAILURE_TOPIC =
      ConfigKey.string("topic", "a Kafka topic for the invocation records of events that gave up");
  public static final ConfigKey<String> FUNCTION_NAME =
      ConfigKey.string("function-name", "the function name the invocation records carry");
  public static final ConfigKey<String> ON_FAILURE_BUCKET =
      ConfigKey.string(
          "bucket",
          "an S3 bucket for the invocation records (with the archive handler's `s3` keys)");
  public static final ConfigKey<Map<String, Object>> ON_FAILURE_S3 =
      ConfigKey.map(
          "s3", "with `bucket`: the archive handler's `s3` keys (endpoint, region, credentials)");
  public static final ConfigKey<String> ON_FAILURE_URL =
      ConfigKey.string(
          "url", "a webhook the invocation records are POSTed to (with the webhook sink's keys)");
  public static final ConfigKey<String> ON_FAILURE_SECRET =
      ConfigKey.string(
          "secret", "with `url`: the HMAC-SHA256 key of the X-Tributary-Signature header");
  public static final ConfigKey<Map<String, Object>> ON_FAILURE_HEADERS =
      ConfigKey.map("headers", "with `url`: headers sent with each POST");
  public static final ConfigKey<Duration> ON_FAILURE_TIMEOUT =
      ConfigKey.duration("timeout", "with `url`: the request timeout")
          .withDefault(Duration.ofSeconds(10));
  public static final ConfigKey<Duration> ON_FAILURE_CONNECT_TIMEOUT =
      ConfigKey.duration("connect-timeout", "with `url`: the connect timeout")
          .withDefault(Duration.ofSeconds(5));
  public static final ConfigKey<Map<String, Object>> ON_FAILURE_RETRY =
      ConfigKey.map(
          "retry", "with `url`: the webhook sink's retry keys (`max-attempts` defaults to 3 here)");
  public static final ConfigSection ON_FAILURE =
      ConfigSection.map(
          "on-failure",
          "Lambda's `DestinationConfig.OnFailure`: exactly one of `topic`, `bucket` or `url`",
          ON_FAILURE_TOPIC,
          FUNCTION_NAME,
          ON_FAILURE_BUCKET,
          ON_FAILURE_S3,
          ON_FAILURE_URL,
          ON_FAILURE_SECRET,
          ON_FAILURE_HEADERS,
          ON_FAILURE_TIMEOUT,
          ON_FAILURE_CONNECT_TIMEOUT,
          ON_FAILURE_RETRY);
  public static final ConfigSection HANDLERS =
      ConfigSection.named(
          "handlers",
          "the pipeline's handlers by name; required",
          HANDLER_TYPE,
          HANDLER_CLASS,
          HANDLER_CONFIG,
          DESCRIPTION,
          ROUTE,
          BATCH,
          RETRY,
          BISECT,
          DEAD_LETTER_TOPIC,
          ISOLATE,
          SNAPSHOT_EVENTS,
          STARTING_POSITION,
          STARTING_POSITION_TIMESTAMP,
          ON_FAILURE);

  // pipelines
  public static final ConfigKey<String> PIPELINE_NAME =
      ConfigKey.string("name", "the pipeline's name; required");
  public static final ConfigKey<List<Object>> PIPELINE_SOURCE =
      ConfigKey.list("source", "the same as `sources`");
  public static final ConfigKey<List<Object>> PIPELINE_SOURCES =
      ConfigKey.list("sources", "the tables whose change topics the pipeline reads; required");
  public static final ConfigKey<List<Object>> FILTERS =
      ConfigKey.list("filters", "event conditions that must all hold")
          .withDefaultDoc("every event");
  public static final ConfigKey<Object> WHERE = ConfigKey.any("where", "an image condition");
  public static final ConfigKey<List<Object>> PROJECT =
      ConfigKey.list("project", "the attributes the images keep").withDefaultDoc("all");
  public static final ConfigKey<Object> ROUTE_WHEN =
      ConfigKey.any("when", "an event condition; required");
  public static final ConfigKey<List<Object>> ROUTE_TO =
      ConfigKey.list("to", "the handlers the route goes to; required");
  public static final ConfigSection ROUTES =
      ConfigSection.list(
          "routes", "routes to handlers declared without `route`", ROUTE_WHEN, ROUTE_TO);
  public static final ConfigSection PIPELINES =
      ConfigSection.list(
          "pipelines",
          "the pipelines ([pipelines](pipelines.md#pipelines-in-yaml)); at least one",
          PIPELINE_NAME,
          PIPELINE_SOURCE,
          PIPELINE_SOURCES,
          FILTERS,
          WHERE,
          PROJECT,
          HANDLERS,
          ROUTES);

  public static final ConfigKey<List<Object>> CLASSPATH =
      ConfigKey.list(
          "classpath",
          "jars and directories with handler classes, besides `lib/*.jar` next to the file; `dir/*` is every jar in"
              + " dir");

  /** The whole file. */
  public static final ConfigSection ROOT =
      ConfigSection.map(
          "",
          "a Tributary worker's configuration",
          WORKER,
          KAFKA,
          ENGINE,
          SOURCES,
          PIPELINES,
          CLASSPATH);
}

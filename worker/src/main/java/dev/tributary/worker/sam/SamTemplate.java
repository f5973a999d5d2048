package dev.tributary.worker.sam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.OnFailure;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.pipeline.StartingPosition;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.handlers.function.FunctionHandlerFactory;
import dev.tributary.handlers.sink.FailureDestinations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stream-triggered functions of an AWS SAM / CloudFormation template, as pipelines the worker
 * runs: every {@code AWS::Serverless::Function} event of {@code Type: DynamoDB} becomes a pipeline
 * with one source table and one handler of type {@code function} (python3.x, nodejs*, provided*) or
 * {@code lambda} (java*, the class on the worker's class path), with the event source mapping's
 * options mapped to the lane's: {@code BatchSize}, {@code MaximumBatchingWindowInSeconds}, {@code
 * MaximumRetryAttempts}, {@code MaximumRecordAgeInSeconds}, {@code BisectBatchOnFunctionError},
 * {@code FunctionResponseTypes}, {@code FilterCriteria}, {@code ParallelizationFactor}, {@code
 * Enabled}. {@code Globals.Function} applies. What cannot run is one line naming the resource in
 * {@link #problems()}; what runs without an option the template asks for is in {@link #notes()}.
 */
public final class SamTemplate {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * How long DynamoDB Streams keeps a record: "until the record expires" for
   * MaximumRecordAgeInSeconds -1.
   */
  static final Duration STREAM_RETENTION = Duration.ofHours(24);

  private final List<Pipeline> pipelines = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Path dir;
  private final JsonNode resources;
  private final JsonNode globals;

  private final Map<String, String> environment;

  private SamTemplate(JsonNode root, Path dir, Map<String, String> environment) {
    this.dir = dir;
    this.environment = Map.copyOf(environment);
    this.resources = root.path("Resources");
    this.globals = root.path("Globals").path("Function");
    if (!resources.isObject()) {
      problems.add("the template has no Resources");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
        function(r.getKey(), r.getValue().path("Properties"));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      if (r.getValue().path("Type").asText().equals("AWS::Lambda::EventSourceMapping")) {
        mapping(r.getKey(), r.getValue().path("Properties"));
      }
    }
  }

  /**
   * An {@code AWS::Lambda::EventSourceMapping} on a table's stream, for a function of the template.
   */
  private void mapping(String id, JsonNode props) {
    String where = "Resource " + id;
    JsonNode fn = props.path("FunctionName");
    String fnId =
        fn.isObject() && fn.has("Fn::GetAtt")
            ? (fn.get("Fn::GetAtt").isArray()
                ? fn.get("Fn::GetAtt").path(0).asText()
                : fn.get("Fn::GetAtt").asText().split("\\.")[0])
            : fn.isObject() && fn.has("Ref") ? fn.get("Ref").asText() : fn.asText().split("\\.")[0];
    JsonNode target = resources.path(fnId);
    if (!target.path("Type").asText().equals("AWS::Serverless::Function")) {
      problems.add(
          where
              + ": FunctionName "
              + fn
              + " is not an AWS::Serverless::Function of the template; not run");
      return;
    }
    ObjectNode ev = props.deepCopy();
    ev.set("Stream", props.path("EventSourceArn"));
    try {
      event(fnId, target.path("Properties"), id, ev);
    } catch (IllegalArgumentException e) {
      problems.add(where + ": " + e.getMessage());
    }
  }

  /**
   * Reads {@code file}; code directories are relative to its directory. An S3 bucket as an
   * on-failure destination is reached as the AWS SDKs would: {@code AWS_ENDPOINT_URL_S3} or {@code
   * AWS_ENDPOINT_URL} (path-style) when set, else AWS; {@code AWS_REGION}; {@code
   * AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, else AWS's default chain.
   */
  public static SamTemplate read(Path file) {
    return read(file, System.getenv());
  }

  /** The same, with {@code environment} instead of the process's. */
  static SamTemplate read(Path file, Map<String, String> environment) {
    try {
      return new SamTemplate(
          YAML.readTree(Files.readString(file)), file.toAbsolutePath().getParent(), environment);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the SAM template " + file + ": " + e.getMessage(), e);
    }
  }

  /** One pipeline per DynamoDB stream event of each function. */
  public List<Pipeline> pipelines() {
    return List.copyOf(pipelines);
  }

  /**
   * The template's {@code AWS::DynamoDB::Table} resources, as the tables to create in an embedded
   * engine: {@code TableName} (else the logical id), {@code KeySchema}, {@code
   * AttributeDefinitions} (key attributes only are kept) and {@code StreamSpecification} ({@code
   * NEW_AND_OLD_IMAGES} when absent, since a table whose stream a function reads has one). A table
   * it cannot read is a line in {@link #problems()}.
   */
  public List<CreateTableRequest> tables() {
    List<CreateTableRequest> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      if (!r.getValue().path("Type").asText().equals("AWS::DynamoDB::Table")) {
        continue;
      }
      JsonNode props = r.getValue().path("Properties");
      String name =
          props.path("TableName").isTextual() ? props.path("TableName").asText() : r.getKey();
      try {
        CreateTableRequest.Builder b = CreateTableRequest.builder(name).payPerRequest();
        Map<String, ScalarAttributeType> types = new LinkedHashMap<>();
        for (JsonNode d : props.path("AttributeDefinitions")) {
          types.put(
              d.path("AttributeName").asText(),
              ScalarAttributeType.valueOf(d.path("AttributeType").asText()));
        }
        for (JsonNode k : props.path("KeySchema")) {
          String attr = k.path("AttributeName").asText();
          ScalarAttributeType type = types.get(attr);
          if (type == null) {
            throw new IllegalArgumentException(
                "KeySchema attribute " + attr + " is not in AttributeDefinitions");
          }
          if (k.path("KeyType").asText().equals("RANGE")) {
            b.sortKey(attr, type);
          } else {
            b.partitionKey(attr, type);
          }
        }
        String view =
            props.path("StreamSpecification").path("StreamViewType").asText("NEW_AND_OLD_IMAGES");
        b.stream(StreamViewType.valueOf(view));
        out.add(b.build());
      } catch (RuntimeException e) {
        problems.add(
            "Resource " + r.getKey() + ": cannot create table " + name + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** What cannot run, one line per resource or event. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** What runs, but without an option the template asks for. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  private void function(String id, JsonNode props) {
    String where = "Resource " + id;
    JsonNode events = props.path("Events");
    for (Iterator<Map.Entry<String, JsonNode>> it = events.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String type = e.getValue().path("Type").asText();
      if (!type.equals("DynamoDB")) {
        problems.add(
            where
                + " event "
                + e.getKey()
                + ": Type "
                + type
                + " is not a DynamoDB stream; not run");
        continue;
      }
      try {
        event(id, props, e.getKey(), e.getValue().path("Properties"));
      } catch (IllegalArgumentException ex) {
        problems.add(where + " event " + e.getKey() + ": " + ex.getMessage());
      }
    }
  }

  private void event(String fn, JsonNode props, String eventId, JsonNode ev) {
    if (ev.has("Enabled") && !ev.path("Enabled").asBoolean(true)) {
      notes.add("Resource " + fn + " event " + eventId + ": Enabled is false; not run");
      return;
    }
    String table = table(ev.path("Stream"));
    String runtime =
        setting(props, "Runtime")
            .map(JsonNode::asText)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no Runtime (a container image function cannot run)"));
    String handler =
        setting(props, "Handler")
            .map(JsonNode::asText)
            .orElseThrow(() -> new IllegalArgumentException("no Handler"));
    JsonNode codeUri = setting(props, "CodeUri").orElse(null);
    if (codeUri != null && !codeUri.isTextual()) {
      throw new IllegalArgumentException("CodeUri must be a local directory, was " + codeUri);
    }
    Path code = dir.resolve(codeUri == null ? "." : codeUri.asText()).normalize();
    int timeout = setting(props, "Timeout").map(JsonNode::asInt).orElse(3);
    int memory = setting(props, "MemorySize").map(JsonNode::asInt).orElse(128);
    String name =
        Optional.ofNullable(props.get("FunctionName"))
            .filter(JsonNode::isTextual)
            .map(JsonNode::asText)
            .orElse(fn);

    HandlerSpec spec;
    String lower = runtime.toLowerCase(Locale.ROOT);
    if (lower.startsWith("java")) {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put(
          "class", handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler);
      config.put("function-name", name);
      config.put("timeout", timeout + "s");
      config.put("memory-mb", memory);
      spec = HandlerSpec.ofType("lambda", config);
    } else {
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("runtime", runtime);
      config.put("handler", handler);
      config.put("code", code.toString());
      config.put("function-name", name);
      config.put("timeout", timeout + "s");
      config.put("memory-mb", memory);
      Map<String, Object> env = new LinkedHashMap<>();
      variables(globals, env);
      variables(props, env);
      if (!env.isEmpty()) {
        config.put("environment", env);
      }
      if (ev.has("ParallelizationFactor")) {
        config.put("concurrency", range(ev, "ParallelizationFactor", 1, 10, 1));
      }
      config.put("report-batch-item-failures", reportsItemFailures(ev));
      int tumbling = range(ev, "TumblingWindowInSeconds", 0, 900, 0);
      if (tumbling > 0) {
        config.put("tumbling-window", tumbling + "s");
      }
      if (ev.has("FilterCriteria")) {
        config.put("filter-criteria", YAML.convertValue(ev.path("FilterCriteria"), Map.class));
      }
      try {
        new FunctionHandlerFactory()
            .create(config)
            .close(); // checks every value now, with its resource named
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("closing an unopened function failed", e);
      }
      spec =
          HandlerSpec.ofType("function", config)
              .describedAs("function " + name + " (" + runtime + ")");
    }
    int batchSize = range(ev, "BatchSize", 1, 10_000, 100);
    Duration window = Duration.ofSeconds(range(ev, "MaximumBatchingWindowInSeconds", 0, 300, 0));
    spec = spec.batching(Batching.of(batchSize, window));
    int retries = range(ev, "MaximumRetryAttempts", -1, 10_000, -1);
    RetryPolicy retry = RetryPolicy.attempts(retries < 0 ? Integer.MAX_VALUE : retries + 1);
    int maxAge = range(ev, "MaximumRecordAgeInSeconds", -1, 604_800, -1);
    if (maxAge >= 0 && maxAge < 60) {
      throw new IllegalArgumentException(
          "MaximumRecordAgeInSeconds must be -1 or from 60 to 604800, was " + maxAge);
    }
    // -1: until the record expires, which on DynamoDB Streams is after 24 hours
    retry = retry.withMaxEventAge(maxAge > 0 ? Duration.ofSeconds(maxAge) : STREAM_RETENTION);
    spec =
        spec.retry(retry).bisectOnFailure(ev.path("BisectBatchOnFunctionError").asBoolean(false));
    String where = "Resource " + fn + " event " + eventId;
    String position = ev.path("StartingPosition").asText("TRIM_HORIZON");
    Optional<Instant> timestamp =
        ev.has("StartingPositionTimestamp")
            ? Optional.of(
                Instant.ofEpochMilli(
                    Math.round(ev.path("StartingPositionTimestamp").asDouble() * 1000)))
            : Optional.empty();
    spec = spec.startingPosition(StartingPosition.of(position, timestamp));
    JsonNode destination = ev.path("DestinationConfig").path("OnFailure").path("Destination");
    if (!destination.isMissingNode()) {
      String shown = destination.isTextual() ? destination.asText() : destination.toString();
      Optional<String> topic = destinationTopic(destination);
      Optional<String> bucket =
          topic.isPresent() ? Optional.empty() : destinationBucket(destination);
      if (topic.isPresent()) {
        spec = spec.onFailure(OnFailure.topic(topic.get()).functionName(name));
        notes.add(
            where
                + ": DestinationConfig.OnFailure "
                + shown
                + " is written to the Kafka topic "
                + topic.get());
      } else if (bucket.isPresent()) {
        S3Settings s3 = s3Settings();
        spec = spec.onFailure(FailureDestinations.s3(s3, bucket.get()).functionName(name));
        notes.add(
            where
                + ": DestinationConfig.OnFailure "
                + shown
                + " is written to the S3 bucket "
                + bucket.get()
                + " at "
                + s3Endpoint().orElse("AWS"));
      } else {
        notes.add(
            where
                + ": DestinationConfig.OnFailure "
                + shown
                + " is not a queue, topic, bucket or kafka:// destination; runs without it (failed events go to the dead-letter topic)");
      }
    }
    pipelines.add(
        Pipeline.builder(fn + "-" + eventId)
            .source(table)
            .route(fn, Routes.always(), spec)
            .build());
  }

  /**
   * The Kafka topic an on-failure destination stands for: {@code kafka://topic}; the name of an SQS
   * queue or SNS topic ARN; {@code !GetAtt Q.Arn} / {@code !Ref T} on a queue or topic of the
   * template (its QueueName / TopicName, else its logical id). Empty for anything else (S3).
   */
  private Optional<String> destinationTopic(JsonNode d) {
    String logicalId = null;
    if (d.isObject() && d.has("Fn::GetAtt")) {
      JsonNode att = d.get("Fn::GetAtt");
      logicalId = att.isArray() ? att.path(0).asText() : att.asText().split("\\.")[0];
    } else if (d.isObject() && d.has("Ref")) {
      logicalId = d.get("Ref").asText();
    } else if (d.isTextual()) {
      String t = d.asText();
      if (t.startsWith("kafka://")) {
        return Optional.of(t.substring("kafka://".length()));
      }
      if (t.startsWith("arn:aws:sqs:") || t.startsWith("arn:aws:sns:")) {
        return Optional.of(t.substring(t.lastIndexOf(':') + 1));
      }
      if (!t.startsWith("arn:") && t.contains(".")) {
        logicalId = t.split("\\.")[0]; // !GetAtt Q.Arn
      }
    }
    if (logicalId == null) {
      return Optional.empty();
    }
    JsonNode r = resources.path(logicalId);
    String type = r.path("Type").asText();
    if (type.equals("AWS::SQS::Queue")) {
      JsonNode n = r.path("Properties").path("QueueName");
      return Optional.of(n.isTextual() ? n.asText() : logicalId);
    }
    if (type.equals("AWS::SNS::Topic")) {
      JsonNode n = r.path("Properties").path("TopicName");
      return Optional.of(n.isTextual() ? n.asText() : logicalId);
    }
    return Optional.empty();
  }

  /**
   * The S3 bucket an on-failure destination names: {@code arn:aws:s3:::bucket}, or {@code !GetAtt
   * B.Arn} / {@code !Ref B} on an {@code AWS::S3::Bucket} of the template (its BucketName, else its
   * logical id in lower case).
   */
  private Optional<String> destinationBucket(JsonNode d) {
    String logicalId = null;
    if (d.isObject() && d.has("Fn::GetAtt")) {
      JsonNode att = d.get("Fn::GetAtt");
      logicalId = att.isArray() ? att.path(0).asText() : att.asText().split("\\.")[0];
    } else if (d.isObject() && d.has("Ref")) {
      logicalId = d.get("Ref").asText();
    } else if (d.isTextual()) {
      String t = d.asText();
      if (t.startsWith("arn:aws:s3:::") && t.length() > "arn:aws:s3:::".length()) {
        return Optional.of(t.substring("arn:aws:s3:::".length()).split("/")[0]);
      }
      if (!t.startsWith("arn:") && t.contains(".")) {
        logicalId = t.split("\\.")[0];
      }
    }
    if (logicalId == null
        || !resources.path(logicalId).path("Type").asText().equals("AWS::S3::Bucket")) {
      return Optional.empty();
    }
    JsonNode n = resources.path(logicalId).path("Properties").path("BucketName");
    return Optional.of(n.isTextual() ? n.asText() : logicalId.toLowerCase(Locale.ROOT));
  }

  private Optional<String> s3Endpoint() {
    String e = environment.getOrDefault("AWS_ENDPOINT_URL_S3", environment.get("AWS_ENDPOINT_URL"));
    return e == null || e.isBlank() ? Optional.empty() : Optional.of(e);
  }

  private S3Settings s3Settings() {
    S3Settings.Builder b = S3Settings.builder();
    s3Endpoint().ifPresent(e -> b.endpoint(e).pathStyle(true));
    String region = environment.getOrDefault("AWS_REGION", environment.get("AWS_DEFAULT_REGION"));
    if (region != null && !region.isBlank()) {
      b.region(region);
    }
    String key = environment.get("AWS_ACCESS_KEY_ID");
    String secret = environment.get("AWS_SECRET_ACCESS_KEY");
    if (key != null && !key.isBlank() && secret != null && !secret.isBlank()) {
      b.credentials(
          key, secret); // as the SDK's default chain would read them, from this environment
    }
    return b.build();
  }

  /** An integer mapping option in Lambda's range, or its default when absent. */
  private static int range(JsonNode ev, String name, int min, int max, int absent) {
    JsonNode v = ev.get(name);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.canConvertToInt() && !(v.isTextual() && v.asText().matches("-?\\d{1,9}"))) {
      throw new IllegalArgumentException(
          name + " must be a whole number from " + min + " to " + max + ", was " + v);
    }
    int n = v.asInt();
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          name + " must be from " + min + " to " + max + ", was " + n);
    }
    return n;
  }

  private static boolean reportsItemFailures(JsonNode ev) {
    for (JsonNode t : ev.path("FunctionResponseTypes")) {
      if (t.asText().equals("ReportBatchItemFailures")) {
        return true;
      }
    }
    return false;
  }

  private static void variables(JsonNode props, Map<String, Object> env) {
    props
        .path("Environment")
        .path("Variables")
        .fields()
        .forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
  }

  /** A function property, or its Globals.Function default. */
  private Optional<JsonNode> setting(JsonNode props, String key) {
    JsonNode v = props.has(key) ? props.get(key) : globals.get(key);
    return Optional.ofNullable(v).filter(n -> !n.isNull() && !n.isMissingNode());
  }

  /**
   * The table a Stream refers to: !GetAtt T.StreamArn, Fn::GetAtt: [T, StreamArn], or a stream ARN.
   */
  private String table(JsonNode stream) {
    String logicalId;
    if (stream.isObject() && stream.has("Fn::GetAtt")) {
      JsonNode att = stream.get("Fn::GetAtt");
      logicalId = att.isArray() ? att.path(0).asText() : att.asText().split("\\.")[0];
    } else if (stream.isArray() && stream.size() == 2) {
      logicalId = stream.get(0).asText(); // !GetAtt [T, StreamArn]
    } else if (stream.isTextual() && stream.asText().startsWith("arn:")) {
      String arn = stream.asText();
      int t = arn.indexOf(":table/");
      if (t < 0) {
        throw new IllegalArgumentException("Stream " + arn + " is not a DynamoDB stream ARN");
      }
      String rest = arn.substring(t + ":table/".length());
      return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    } else if (stream.isTextual()) {
      logicalId = stream.asText().split("\\.")[0]; // !GetAtt T.StreamArn
    } else {
      throw new IllegalArgumentException(
          "Stream must name a table's stream (!GetAtt Table.StreamArn), was " + stream);
    }
    JsonNode table = resources.path(logicalId);
    if (!table.path("Type").asText().equals("AWS::DynamoDB::Table")) {
      throw new IllegalArgumentException(
          "Stream refers to "
              + logicalId
              + ", which is not an AWS::DynamoDB::Table of the template");
    }
    JsonNode name = table.path("Properties").path("TableName");
    return name.isTextual() ? name.asText() : logicalId;
  }

  @Override
  public String toString() {
    return "SamTemplate" + pipelines.stream().map(Pipeline::name).toList();
  }
}

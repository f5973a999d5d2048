package dev.tributary.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.engine.ResourceInUseException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.worker.config.ConfigException;
import dev.tributary.worker.config.ConfigProblem;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.sam.SamTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code tributary worker --sam template.yaml}: the template's functions as the pipelines of a
 * worker configuration, either on embedded defaults (a KRaft broker, the table engine serving
 * DynamoDB's protocol, the engine relay, all under {@code --data-dir}) or on the worker, Kafka,
 * engine and sources of a {@code --config} file (whose own pipelines, if any, run too).
 */
final class SamWorkerConfig {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private SamWorkerConfig() {}

  /** The configuration to run; prints what cannot run (one line per resource) to {@code err}. */
  static WorkerConfig build(
      SamTemplate sam,
      Path template,
      Optional<Path> config,
      Path dataDir,
      int enginePort,
      int httpPort,
      PrintWriter err) {
    for (String problem : sam.problems()) {
      err.println("tributary: " + template + ": " + problem);
    }
    for (String note : sam.notes()) {
      err.println("tributary: " + template + ": " + note);
    }
    err.flush();
    List<Pipeline> functions = sam.pipelines();
    if (functions.isEmpty()) {
      throw new UsageException(
          template + ": no function of the template can run (see the lines above)");
    }
    WorkerConfig base =
        config.isPresent()
            ? fromFile(config.get())
            : embeddedDefaults(dataDir, enginePort, httpPort);
    List<Pipeline> all = new ArrayList<>(base.pipelines());
    all.addAll(functions);
    return new WorkerConfig(
        base.file(), base.worker(), base.kafka(), base.engine(), base.sources(), all);
  }

  /**
   * Creates the template's tables in the worker's embedded engine, if it has one; existing ones
   * stay.
   */
  static List<String> createTables(SamTemplate sam, Worker worker) {
    List<String> created = new ArrayList<>();
    Optional<TributaryEngine> engine = worker.engine();
    if (engine.isEmpty()) {
      return created;
    }
    for (CreateTableRequest t : sam.tables()) {
      try {
        engine.get().createTable(t);
        created.add(t.tableName());
      } catch (ResourceInUseException exists) {
        // created by an earlier run
      }
    }
    return created;
  }

  /**
   * A configuration file for Kafka, the engine and the worker; its {@code pipelines} may be left
   * out.
   */
  private static WorkerConfig fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      return WorkerConfig.load(file); // reports it as a ConfigException
    }
    try {
      JsonNode root = YAML.readTree(text);
      if (root == null || !root.has("pipelines")) {
        text = text + (text.endsWith("\n") ? "" : "\n") + "pipelines: []\n";
      }
    } catch (IOException e) {
      // the reader reports the syntax error with its line
    }
    return WorkerConfig.parse(
        text, file.toString(), file.toAbsolutePath().getParent(), System::getenv);
  }

  private static WorkerConfig embeddedDefaults(Path dataDir, int enginePort, int httpPort) {
    String yaml =
        """
        worker:
          state-dir: state
          http: {host: 127.0.0.1, port: %d, enabled: %s}
        kafka:
          embedded: {data-dir: kafka}
          partitions: 4
        engine:
          embedded:
            data-dir: engine
            endpoint: {port: %d, allow-any-credentials: true}
        sources:
          - type: engine-relay
            id: sam
        pipelines: []
        """
            .formatted(Math.max(httpPort, 0), httpPort >= 0, enginePort);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  dataDir.toString(), 0, 0, "", "cannot be created: " + e.getMessage())));
    }
    return WorkerConfig.parse(
        yaml, "embedded defaults (--data-dir " + dataDir + ")", dataDir, System::getenv);
  }
}

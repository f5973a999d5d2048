package dev.tributary.worker.internal;

import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.engine.DynamoDbException;
import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.TableDescription;
import dev.tributary.worker.config.ConfigException;
import dev.tributary.worker.config.ConfigProblem;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine's side of a configuration: creates the tables it declares when they are
 * missing (an existing table is never altered), and warns about pipelines that read a table the
 * engine does not have or whose stream is off, since such a pipeline never receives an event.
 */
public final class DeclaredTables {
  private static final Logger log = LoggerFactory.getLogger(DeclaredTables.class);

  private DeclaredTables() {}

  /** Creates each missing table; fails when an existing one has another key schema. */
  public static void ensure(
      TributaryEngine engine, List<CreateTableRequest> tables, String configFile) {
    for (CreateTableRequest t : tables) {
      Optional<TableDescription> existing = describe(engine, t.tableName());
      if (existing.isEmpty()) {
        try {
          engine.createTable(t);
        } catch (DynamoDbException e) {
          throw new ConfigException(
              List.of(
                  new ConfigProblem(
                      configFile,
                      0,
                      0,
                      "engine.embedded.tables",
                      "table " + t.tableName() + " cannot be created: " + e.getMessage())));
        }
        log.info("Created table {} (declared in engine.embedded.tables)", t.tableName());
      } else if (!existing.get().keySchema().equals(t.keySchema())) {
        throw new ConfigException(
            List.of(
                new ConfigProblem(
                    configFile,
                    0,
                    0,
                    "engine.embedded.tables",
                    "table "
                        + t.tableName()
                        + " exists with key schema "
                        + keys(existing.get().keySchema())
                        + ", not the declared "
                        + keys(t.keySchema())
                        + "; change the declaration (an existing table is never altered)")));
      }
    }
  }

  /** One warning per pipeline source table that is missing or has no stream. */
  public static void warnAboutSources(TributaryEngine engine, List<Pipeline> pipelines) {
    for (Pipeline p : pipelines) {
      for (String table : p.sources()) {
        Optional<TableDescription> d = describe(engine, table);
        if (d.isEmpty()) {
          log.warn(
              "Pipeline {} reads table {}, which the embedded engine does not have: it receives nothing until"
                  + " the table is created with a stream (declare it under engine.embedded.tables, or create it"
                  + " through the DynamoDB endpoint)",
              p.name(),
              table);
        } else if (d.get().streamSpecification().map(s -> !s.streamEnabled()).orElse(true)) {
          log.warn(
              "Pipeline {} reads table {}, whose stream is off: it receives nothing until the stream is"
                  + " enabled (UpdateTable with StreamSpecification StreamEnabled=true,"
                  + " StreamViewType=NEW_AND_OLD_IMAGES)",
              p.name(),
              table);
        }
      }
    }
  }

  private static Optional<TableDescription> describe(TributaryEngine engine, String table) {
    try {
      return Optional.of(engine.describeTable(table));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static String keys(List<KeySchemaElement> schema) {
    return schema.stream().map(k -> k.attributeName() + " " + k.keyType()).toList().toString();
  }
}

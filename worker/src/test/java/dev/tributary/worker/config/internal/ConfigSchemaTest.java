package dev.tributary.worker.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generated JSON Schema accepts the configurations the project ships and rejects what the
 * worker rejects.
 */
class ConfigSchemaTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Schema SCHEMA =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(ConfigDocs.schema());
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  @Test
  void shouldAcceptTheExampleConfigurations() throws IOException {
    Path root = root();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root.resolve("examples"))) {
      files = s.filter(p -> p.getFileName().toString().equals("tributary.yaml")).toList();
    }
    assertFalse(files.isEmpty(), "no examples/**/tributary.yaml found");
    for (Path f : files) {
      assertEquals(List.of(), messages(YAML.readTree(f.toFile())), f.toString());
    }
  }

  @Test
  void shouldAcceptTheWorkerConfigurationsInTheDocs() throws IOException {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> s = Files.list(root().resolve("docs"))) {
      for (Path doc : s.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        Matcher m = YAML_BLOCK.matcher(Files.readString(doc));
        while (m.find()) {
          String block = m.group(1);
          if ((!block.contains("\npipelines:") && !block.startsWith("pipelines:"))
              || block.contains(": ...")) {
            continue; // a fragment of a file, or an excerpt, not a whole one
          }
          JsonNode tree;
          try {
            tree = YAML.readTree(block);
          } catch (IOException notWholeYaml) {
            continue; // an excerpt with "..." in it
          }
          checked++;
          List<String> found = messages(tree);
          if (!found.isEmpty()) {
            problems.add(doc.getFileName() + ": " + found + "\n" + block);
          }
        }
      }
    }
    System.out.println("ConfigSchemaTest: " + checked + " worker configurations in docs/");
    assertTrue(checked >= 3, "only " + checked + " worker configurations found in docs/");
    assertEquals(List.of(), problems);
  }

  @Test
  void shouldRejectWhatTheWorkerRejects() throws IOException {
    assertFalse(
        messages(YAML.readTree("worker: {htpp: {port: 1}}\npipelines: []\n")).isEmpty(),
        "unknown key");
    assertFalse(
        messages(YAML.readTree("worker: {http: {port: 70000}}\n")).isEmpty(), "port out of range");
    assertFalse(
        messages(YAML.readTree("worker: {shutdown-timeout: 500}\n")).isEmpty(), "a bare number");
    assertFalse(
        messages(YAML.readTree("sources: [{type: kinesis}]\n")).isEmpty(), "unknown source type");
    assertFalse(
        messages(YAML.readTree("sources: [{type: engine-relay, host: h}]\n")).isEmpty(),
        "a Debezium key on an engine relay");
    assertFalse(
        messages(
                YAML.readTree(
                    "pipelines: [{name: p, handlers: {h: {type: log, batch: {size: 0}}}}]\n"))
            .isEmpty(),
        "batch size 0");
  }

  @Test
  void shouldCheckABuiltInHandlersConfigByItsType() throws IOException {
    String handler =
        "pipelines: [{name: p, sources: [T], handlers: {h: {type: %s, config: %s}}}]\n";
    assertEquals(
        List.of(),
        messages(
            YAML.readTree(
                String.format(
                    handler,
                    "email",
                    "{smtp: {host: h, port: '${SMTP_PORT}'}, smtp.timeout: 5s, from: a@b.c, to: d@e.f, subject: s, body: b}"))),
        "nested and dotted keys");
    assertFalse(
        messages(YAML.readTree(String.format(handler, "email", "{smtp: {hots: h}}"))).isEmpty(),
        "an unknown nested key");
    assertFalse(
        messages(YAML.readTree(String.format(handler, "archive", "{bucket: b, gzpi: true}")))
            .isEmpty(),
        "an unknown key");
    assertFalse(
        messages(YAML.readTree(String.format(handler, "function", "{code: c, memory-mb: 64}")))
            .isEmpty(),
        "a value out of range");
    assertFalse(
        messages(YAML.readTree(String.format(handler, "lambda", "{class: C, failure-scope: all}")))
            .isEmpty(),
        "a value not among the choices");
    assertEquals(
        List.of(),
        messages(
            YAML.readTree(
                String.format(
                    handler,
                    "function",
                    "{runtime: python3, handler: app.handler, code: fn, environment: {A: b}, filter-criteria: {Filters: []}}"))));
    assertEquals(
        List.of(),
        messages(YAML.readTree(String.format(handler, "ledger", "{anything: 1}"))),
        "a type the schema does not know keeps any config");
  }

  @Test
  void shouldAcceptEnvironmentVariablesForTypedValues() throws IOException {
    assertEquals(
        List.of(),
        messages(
            YAML.readTree(
                "worker: {http: {port: '${PORT:-9464}', enabled: '${HTTP}'}, shutdown-timeout: '${STOP:-30s}'}\n")));
    assertEquals(
        List.of(),
        messages(
            YAML.readTree(
                "sources: [{type: debezium-postgres, host: db, port: 5432, user: u, password: '${PW}', database: d}]\n")));
  }

  private static List<String> messages(JsonNode config) {
    return SCHEMA.validate(config).stream().map(Error::toString).toList();
  }

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(ConfigDocs.OPERATIONS))) {
      dir = dir.getParent();
    }
    return dir;
  }
}

package dev.tributary.worker.config;

import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.worker.config.internal.ConfigReader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A worker's configuration, read from YAML: the worker process, Kafka, the table engine, the
 * sources and the pipelines. Pipelines are built with the same builder calls as the Java DSL, so a
 * pipeline from YAML equals its Java twin ({@link Pipeline#describe()}).
 *
 * <pre>{@code
 * WorkerConfig config = WorkerConfig.load(Path.of("tributary.yaml"));
 * config.pipelines().forEach(p -> System.out.println(p.describe()));
 * }</pre>
 *
 * <p>Strings may name environment variables, {@code ${SMTP_PASSWORD}} or {@code ${PORT:-8000}}, so
 * secrets stay out of the file. Every problem is reported at once in a {@link ConfigException},
 * each with its file, line and field; each handler's {@code config} is checked by creating (and
 * closing) one handler from it, without its files. Relative paths are relative to the file's
 * directory, in the worker's own sections and in a handler's {@code config} (the keys its factory
 * names in {@link dev.tributary.core.handler.HandlerFactory#pathKeys()}) alike.
 */
public record WorkerConfig(
    String file,
    WorkerSettings worker,
    KafkaSettings kafka,
    EngineSettings engine,
    List<SourceSettings> sources,
    List<Pipeline> pipelines) {

  public WorkerConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(engine, "engine");
    sources = List.copyOf(sources);
    pipelines = List.copyOf(pipelines);
  }

  /**
   * Reads {@code file} with the process's environment; relative paths are relative to its
   * directory.
   */
  public static WorkerConfig load(Path file) {
    return load(file, System::getenv);
  }

  public static WorkerConfig load(Path file, Function<String, String> env) {
    return load(file, env, true);
  }

  /**
   * Reads {@code file} to inspect what it describes (topics, lanes, groups) without creating a
   * handler of each type to check its {@code config}: handlers may hold files, such as the email
   * handler's sent-ledger, that a running worker has open.
   */
  public static WorkerConfig loadForInspection(Path file) {
    return load(file, System::getenv, false);
  }

  private static WorkerConfig load(Path file, Function<String, String> env, boolean probeHandlers) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      String why =
          e instanceof NoSuchFileException
              ? "no such file"
              : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  file.toString(),
                  0,
                  0,
                  "",
                  "cannot be read: "
                      + why
                      + " (looked for "
                      + file.toAbsolutePath().normalize()
                      + ")")));
    }
    Path dir = file.toAbsolutePath().getParent();
    return new ConfigReader(file.toString(), dir, env, probeHandlers).read(text);
  }

  /**
   * Reads configuration text; {@code name} stands for the file in messages, relative paths are
   * relative to {@code baseDir}.
   */
  public static WorkerConfig parse(
      String text, String name, Path baseDir, Function<String, String> env) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseDir, "baseDir");
    Objects.requireNonNull(env, "env");
    return new ConfigReader(name, baseDir.toAbsolutePath(), env, true).read(text);
  }
}

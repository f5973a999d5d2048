package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A user's handler class from a jar compiled now: --classpath, lib/ and the classpath: key. */
class CustomHandlerJarIT {
  @TempDir Path dir;
  private ClassLoader saved;

  @BeforeEach
  void saveLoader() {
    saved = Thread.currentThread().getContextClassLoader();
  }

  @AfterEach
  void restoreLoader() {
    Thread.currentThread().setContextClassLoader(saved);
    System.clearProperty("my.handler.out");
  }

  private Path config(int http, String extra) throws Exception {
    Path config = dir.resolve("conf/tributary.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        """
        %s
        worker:
          id: custom-1
          http: {host: 127.0.0.1, port: %d}
          shutdown-timeout: 60s
        kafka:
          embedded: {data-dir: kafka}
          partitions: 1
        engine:
          embedded: {data-dir: engine, sync: false}
        sources:
          - type: engine-relay
            id: main
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              mine:
                class: com.example.MyHandler
                route: insert
                batch: {size: 10, window: 50ms}
        """
            .formatted(extra, http));
    return config;
  }

  private static int execute(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = TributaryCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return CompletableFuture.supplyAsync(() -> cli.execute(args)).join();
  }

  @Test
  void shouldRunAHandlerClassFromAJarGivenWithClasspath() throws Exception {
    Path jar = HandlerJars.build(dir.resolve("build"), dir.resolve("my-handler.jar"));
    Path out = dir.resolve("received.txt");
    System.setProperty("my.handler.out", out.toString());
    int http = WorkerIT.freePort();
    Path config = config(http, "");
    CommandLine cli = TributaryCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    WorkerCommand command = cli.getSubcommands().get("worker").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "worker", "--classpath", jar.toString(), "--config", config.toString()));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                exit.isDone()
                    || (command.worker != null && command.worker.state() == Worker.State.RUNNING));
    assertThat(exit).isNotDone();
    TributaryEngine engine = command.worker.engine().orElseThrow();
    engine.createTable(
        CreateTableRequest.builder("Orders")
            .partitionKey("customerId", ScalarAttributeType.S)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    for (int i = 0; i < 3; i++) {
      engine.putItem(
          PutItemRequest.builder("Orders", Item.builder().s("customerId", "C-" + i).build())
              .build());
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> HandlerJars.lines(out).size() >= 3);
    assertThat(HandlerJars.lines(out)).hasSize(3).allMatch(l -> l.startsWith("INSERT "));
    command.stop.countDown();
    assertThat(exit.get(2, TimeUnit.MINUTES)).isZero();
  }

  @Test
  void shouldFindTheJarInLibNextToTheConfigAndInTheClasspathKey() throws Exception {
    Path config = config(WorkerIT.freePort(), "");
    Path lib = config.getParent().resolve("lib");
    HandlerJars.build(dir.resolve("build"), lib.resolve("my-handler.jar"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(execute(out, err, "worker", "--config", config.toString(), "--check"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("OK");

    Thread.currentThread().setContextClassLoader(saved);
    Path config2 = config(WorkerIT.freePort(), "classpath: [../jars/*]");
    Files.move(lib, dir.resolve("jars"));
    StringWriter err2 = new StringWriter();
    assertThat(
            execute(new StringWriter(), err2, "worker", "--config", config2.toString(), "--check"))
        .as(err2.toString())
        .isZero();
  }

  @Test
  void shouldSayWhichClassIsMissingAndWhereItLooked() throws Exception {
    Path config = config(WorkerIT.freePort(), "");
    Path other = Files.createDirectories(dir.resolve("empty-classes"));
    StringWriter err = new StringWriter();
    int exit =
        execute(
            new StringWriter(),
            err,
            "worker",
            "--classpath",
            other.toString(),
            "--config",
            config.toString(),
            "--check");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("com.example.MyHandler")
        .contains("not on the class path")
        .contains(other.toString());

    StringWriter err2 = new StringWriter();
    Path missing = dir.resolve("nope.jar");
    assertThat(
            execute(
                new StringWriter(),
                err2,
                "worker",
                "--classpath",
                missing.toString(),
                "--config",
                config.toString(),
                "--check"))
        .isEqualTo(2);
    assertThat(err2.toString().strip())
        .doesNotContain("\n")
        .contains("--classpath")
        .contains("nope.jar")
        .contains("does not exist");
  }
}

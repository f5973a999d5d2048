package dev.tributary.handlers.function.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One execution environment against real processes, without Kafka: endings Lambda defines. */
class SandboxIT {
  @TempDir Path dir;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService http = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    timers.shutdownNow();
    http.shutdownNow();
  }

  /** A Python runtime: echoes the event back, or sleeps when the event says so. */
  private static final String ECHO =
      """
      import json, os, time, urllib.request
      API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
      while True:
          with urllib.request.urlopen(API + "/invocation/next") as r:
              rid, body = r.headers["Lambda-Runtime-Aws-Request-Id"], r.read()
          if json.loads(body).get("sleep"):
              time.sleep(60)
          req = urllib.request.Request(API + "/invocation/%s/response" % rid, data=body, method="POST")
          urllib.request.urlopen(req).read()
      """;

  private Sandbox sandbox(String script, Duration initTimeout) throws Exception {
    Path runtime = Files.writeString(dir.resolve("runtime.py"), script);
    SandboxSettings s =
        new SandboxSettings(
            "fn",
            List.of("python3", "-u", runtime.toString()),
            dir,
            Map.of(),
            Duration.ofSeconds(2),
            initTimeout);
    Sandbox sandbox = new Sandbox(s, 0, timers, http);
    sandbox.start();
    return sandbox;
  }

  private static Invocation invocation(String json) {
    return new Invocation(
        UUID.randomUUID().toString(),
        json.getBytes(StandardCharsets.UTF_8),
        "arn:aws:lambda:us-east-1:000000000000:function:fn",
        "Root=1-00000000-000000000000000000000000");
  }

  @Test
  void shouldAnswerInvocationsOneAfterAnotherFromOneProcess() throws Exception {
    try (Sandbox sandbox = sandbox(ECHO, Duration.ofSeconds(10))) {
      for (int i = 0; i < 3; i++) {
        Outcome o = sandbox.invoke(invocation("{\"n\": " + i + "}")).get(10, TimeUnit.SECONDS);
        assertThat(o).isInstanceOf(Outcome.Response.class);
        assertThat(new String(((Outcome.Response) o).body(), StandardCharsets.UTF_8))
            .isEqualTo("{\"n\": " + i + "}");
      }
      assertThat(sandbox.starts()).isEqualTo(1);
    }
  }

  @Test
  void shouldFailAnInvocationInFlightWhenClosed() throws Exception {
    Sandbox sandbox = sandbox(ECHO, Duration.ofSeconds(10));
    var outcome = sandbox.invoke(invocation("{\"sleep\": true}"));
    Thread.sleep(500);
    sandbox.close();
    assertThat(outcome.get(5, TimeUnit.SECONDS))
        .isEqualTo(new Outcome.Failure("Sandbox.Stopped", "the function is stopping"));
  }

  @Test
  void shouldFailTheWaitingInvocationWhenInitTimesOutAndTryAgainWithBackoff() throws Exception {
    try (Sandbox sandbox = sandbox("import time\ntime.sleep(60)\n", Duration.ofSeconds(1))) {
      Outcome o = sandbox.invoke(invocation("{}")).get(10, TimeUnit.SECONDS);
      assertThat(o).isInstanceOf(Outcome.Failure.class);
      assertThat(((Outcome.Failure) o).errorType()).isEqualTo("Sandbox.Timedout");
      assertThat(((Outcome.Failure) o).errorMessage())
          .isEqualTo("INIT timed out after 1.00 seconds");
      Thread.sleep(1_500); // 0.2 s back-off, then a second process
      assertThat(sandbox.starts()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void shouldFailTheWaitingInvocationWithTheRuntimesInitError() throws Exception {
    String initError =
        """
        import os, urllib.request
        API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
        req = urllib.request.Request(API + "/init/error", method="POST",
            data=b'{"errorMessage": "Handler missing", "errorType": "Runtime.HandlerNotFound"}',
            headers={"Lambda-Runtime-Function-Error-Type": "Runtime.HandlerNotFound"})
        urllib.request.urlopen(req).read()
        import time
        time.sleep(1)
        """;
    try (Sandbox sandbox = sandbox(initError, Duration.ofSeconds(10))) {
      Outcome o = sandbox.invoke(invocation("{}")).get(10, TimeUnit.SECONDS);
      assertThat(o).isEqualTo(new Outcome.Failure("Runtime.HandlerNotFound", "Handler missing"));
    }
  }
}

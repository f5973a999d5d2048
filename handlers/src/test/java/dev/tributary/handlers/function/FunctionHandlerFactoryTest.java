package dev.tributary.handlers.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionHandlerFactoryTest {
  @TempDir Path dir;
  private final FunctionHandlerFactory factory = new FunctionHandlerFactory();

  private Map<String, Object> config(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("base-dir", dir.toString());
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void shouldCreateAPythonFunctionFromItsConfiguration() {
    assertThat(
            factory.create(
                config(
                    "runtime",
                    "python3.12",
                    "handler",
                    "app.handler",
                    "code",
                    ".",
                    "timeout",
                    "30s",
                    "memory-mb",
                    512,
                    "concurrency",
                    4,
                    "environment",
                    Map.of("TABLE", "Orders"))))
        .isInstanceOf(FunctionHandler.class);
  }

  @Test
  void shouldRejectBadConfigurationNamingTheKey() {
    assertThatThrownBy(() -> factory.create(config("runtime", "python3", "handler", "app.handler")))
        .hasMessageContaining("key 'code' is required");
    assertThatThrownBy(
            () ->
                factory.create(config("runtime", "ruby3.3", "handler", "app.handler", "code", ".")))
        .hasMessageContaining("key 'runtime'")
        .hasMessageContaining("ruby3.3");
    assertThatThrownBy(
            () -> factory.create(config("runtime", "python3", "handler", "handler", "code", ".")))
        .hasMessageContaining("must be module.function");
    assertThatThrownBy(() -> factory.create(config("runtime", "python3", "code", ".")))
        .hasMessageContaining("handler is required");
    assertThatThrownBy(
            () ->
                factory.create(
                    config(
                        "runtime",
                        "python3",
                        "handler",
                        "a.b",
                        "code",
                        ".",
                        "command",
                        List.of("x"))))
        .hasMessageContaining("'runtime' or 'command', not both");
    assertThatThrownBy(
            () ->
                factory.create(
                    config(
                        "runtime",
                        "python3",
                        "handler",
                        "a.b",
                        "code",
                        ".",
                        "environment",
                        Map.of("AWS_LAMBDA_RUNTIME_API", "x"))))
        .hasMessageContaining("AWS_LAMBDA_RUNTIME_API is reserved");
    assertThatThrownBy(
            () ->
                factory.create(
                    config("runtime", "python3", "handler", "a.b", "code", ".", "timeout", "20m")))
        .hasMessageContaining("key 'timeout'")
        .hasMessageContaining("15 minutes");
    assertThatThrownBy(
            () ->
                factory.create(
                    config("runtime", "python3", "handler", "a.b", "code", ".", "memory", 512)))
        .hasMessageContaining("unknown configuration key")
        .hasMessageContaining("memory");
    assertThatThrownBy(() -> factory.create(config("runtime", "provided", "code", ".")))
        .hasMessageContaining("executable file 'bootstrap'");
    assertThatThrownBy(() -> factory.create(config("command", "python3 x.py", "code", ".")))
        .hasMessageContaining("'command' must be a list");
  }

  @Test
  void shouldReadLambdasFilterCriteria() {
    Map<String, Object> criteria =
        Map.of("Filters", List.of(Map.of("Pattern", "{\"eventName\": [\"INSERT\"]}")));
    assertThat(
            factory.create(
                config(
                    "runtime",
                    "python3",
                    "handler",
                    "a.b",
                    "code",
                    ".",
                    "filter-criteria",
                    criteria)))
        .isInstanceOf(FunctionHandler.class);
    assertThatThrownBy(
            () ->
                factory.create(
                    config(
                        "runtime",
                        "python3",
                        "handler",
                        "a.b",
                        "code",
                        ".",
                        "filter-criteria",
                        Map.of(
                            "Filters", List.of(Map.of("Pattern", "{\"eventName\": \"INSERT\"}"))))))
        .hasMessageContaining("key 'filter-criteria'")
        .hasMessageContaining("Filters[0].Pattern");
  }

  @Test
  void shouldAcceptAProvidedRuntimeWithAnExecutableBootstrap() throws Exception {
    Path bootstrap = Files.writeString(dir.resolve("bootstrap"), "#!/bin/sh\n");
    bootstrap.toFile().setExecutable(true);
    assertThat(factory.create(config("runtime", "provided.al2023", "code", ".")))
        .isInstanceOf(FunctionHandler.class);
  }
}

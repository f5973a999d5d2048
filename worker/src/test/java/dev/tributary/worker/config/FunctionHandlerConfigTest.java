package dev.tributary.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: function} in YAML: its code directory is relative to the configuration file. */
class FunctionHandlerConfigTest {
  @TempDir Path base;

  private static String yaml(String code) {
    return """
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              process_order_stream:
                type: function
                route: always
                config:
                  runtime: python3.12
                  handler: app.process_order_stream
                  code: %s
                  timeout: 30s
                  concurrency: 2
                  environment: {ORDERS_INDEX: orders}
        """
        .formatted(code);
  }

  @Test
  void shouldResolveAFunctionsCodeDirectoryAgainstTheConfigFilesDirectory() throws Exception {
    Files.createDirectories(base.resolve("functions/orders"));
    WorkerConfig config =
        WorkerConfig.parse(
            yaml("functions/orders"), "tributary.yaml", base, Map.<String, String>of()::get);
    assertThat(config.pipelines()).hasSize(1);
    assertThat(config.pipelines().get(0).describe()).contains("process_order_stream");
  }

  @Test
  void shouldNameAMissingCodeDirectoryWithItsLine() {
    assertThatThrownBy(
            () ->
                WorkerConfig.parse(
                    yaml("functions/missing"),
                    "tributary.yaml",
                    base,
                    Map.<String, String>of()::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tributary.yaml")
        .hasMessageContaining(base.resolve("functions/missing").toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void theOrderStreamFunctionExampleShouldLoadWithItsDefaults() {
    Path example = Path.of("..", "examples", "order-stream-function", "tributary.yaml");
    WorkerConfig c = WorkerConfig.load(example, name -> null);
    assertThat(c.pipelines())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.handlers().keySet()).containsExactly("process_order_stream");
              assertThat(p.handlers().values())
                  .extracting(h -> h.type().orElseThrow())
                  .containsExactly("function");
            });
  }
}

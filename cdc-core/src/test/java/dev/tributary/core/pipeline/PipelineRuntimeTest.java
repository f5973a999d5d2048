package dev.tributary.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.runner.PipelineRuntime;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The runtime's builder and lifecycle rules, without a broker. */
class PipelineRuntimeTest {
  private static Pipeline orders(String name) {
    return Pipeline.builder(name)
        .source("Orders")
        .route("h", Routes.always(), NoOpHandler.spec())
        .build();
  }

  @Test
  void shouldNameEveryMissingPartOnBuild() {
    assertThatThrownBy(() -> PipelineRuntime.builder("localhost:9092").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline runtime: no pipeline; no stateDir");
  }

  @Test
  void shouldRejectBadValuesAtOnce() {
    PipelineRuntime.Builder b = PipelineRuntime.builder("localhost:9092").pipeline(orders("a"));
    assertThatThrownBy(() -> b.pipeline(orders("a"))).hasMessage("pipeline 'a' is already added");
    assertThatThrownBy(() -> b.partitions(0)).hasMessage("partitions must be 1-10000, was 0");
    assertThatThrownBy(() -> b.runnerId("has space"))
        .hasMessageContaining("runnerId 'has space' must be");
    assertThatThrownBy(() -> PipelineRuntime.builder(" "))
        .hasMessage("bootstrapServers must name at least one broker");
    assertThatThrownBy(() -> b.clientConfig("k", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void shouldCloseANewRuntimeWithoutStartingIt() {
    PipelineRuntime r =
        PipelineRuntime.builder("localhost:9092")
            .pipeline(orders("a"), orders("b"))
            .stateDir(Path.of("target/unused"))
            .build();
    assertThat(r.state()).isEqualTo(PipelineRuntime.State.NEW);
    assertThat(r.pipelines()).extracting(Pipeline::name).containsExactly("a", "b");
    assertThatThrownBy(r::lanes)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NEW");
    assertThatThrownBy(() -> r.awaitCaughtUp(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class);
    r.close();
    assertThat(r.state()).isEqualTo(PipelineRuntime.State.STOPPED);
    r.close(); // idempotent
    assertThatThrownBy(r::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Pipeline runtime cannot go from STOPPED to STARTING (expected NEW)");
  }
}

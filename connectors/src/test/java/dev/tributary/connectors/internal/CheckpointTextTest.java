package dev.tributary.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.ConnectorState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointTextTest {
  @Test
  void shouldRoundTripRelayCheckpoints() {
    RelayCheckpoint c = new RelayCheckpoint("table-id", 12345);
    assertThat(c.toText()).isEqualTo("{\"tableId\":\"table-id\",\"sequence\":12345}");
    assertThat(RelayCheckpoint.parse(c.toText())).contains(c);
    assertThat(RelayCheckpoint.parse("not json")).isEmpty();
    assertThat(RelayCheckpoint.parse("{\"sequence\":1}")).isEmpty();
  }

  @Test
  void shouldRoundTripShardCheckpointsWithSequencesLongerThanALong() {
    ShardCheckpoint c =
        new ShardCheckpoint(Optional.of("4000000000000000000000000000000000000001"), true);
    assertThat(ShardCheckpoint.parse(c.toText())).contains(c);
    assertThat(ShardCheckpoint.parse(ShardCheckpoint.START.toText()))
        .contains(ShardCheckpoint.START);
    assertThat(ShardCheckpoint.parse("[1]")).isEmpty();
  }

  @Test
  void shouldNameBothStatesOnAWrongTransition() {
    Lifecycle l = new Lifecycle("Relay x");
    l.transition(ConnectorState.NEW, ConnectorState.RUNNING);
    assertThatThrownBy(() -> l.transition(ConnectorState.NEW, ConnectorState.RUNNING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Relay x is RUNNING, not NEW; cannot move to RUNNING");
    l.fail(new RuntimeException("boom"));
    assertThat(l.state()).isEqualTo(ConnectorState.FAILED);
    assertThat(l.failure()).get().extracting(Throwable::getMessage).isEqualTo("boom");
  }
}

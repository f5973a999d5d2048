package dev.tributary.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldFindTheTableOfAChangeTopicAndNothingElse() {
    assertThat(Topics.tableOfChangeTopic(Topics.changeTopic("Orders"))).contains("Orders");
    assertThat(Topics.tableOfChangeTopic(Topics.changeTopic("my.table-1"))).contains("my.table-1");
    assertThat(Topics.tableOfChangeTopic(Topics.laneTopic("orders", "email"))).isEmpty();
    assertThat(Topics.tableOfChangeTopic("tributary.changes.")).isEmpty();
    assertThat(Topics.tableOfChangeTopic("orders")).isEmpty();
  }

  @Test
  void shouldNameWhatIsIllegalInAName() {
    assertThatThrownBy(() -> Topics.changeTopic("Orders/2024"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table name 'Orders/2024' must be 1-100 characters of [a-zA-Z0-9._-]");
  }
}

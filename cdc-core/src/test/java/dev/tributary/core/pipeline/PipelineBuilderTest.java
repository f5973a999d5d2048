package dev.tributary.core.pipeline;

import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.Item;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineBuilderTest {

  @Test
  void shouldNameAMissingSourceAndAHandlerWithoutRoute() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("orders")
                    .route("email", Routes.onInsert(), NoOpHandler.spec())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'orders': no source");
    assertThatThrownBy(
            () ->
                Pipeline.builder("orders")
                    .source("Orders")
                    .route("index", Routes.always(), NoOpHandler.spec())
                    .handler("email", NoOpHandler.spec())
                    .build())
        .hasMessage("pipeline 'orders': handler 'email' has no route");
  }

  @Test
  void shouldNameEveryProblemAtOnce() {
    assertThatThrownBy(() -> Pipeline.builder("orders").route(Routes.onRemove(), "archive").build())
        .hasMessage(
            "pipeline 'orders': no source; no handler; a route (eventName in [REMOVE]) names"
                + " handler 'archive', which is not defined; handlers: []");
  }

  @Test
  void shouldRejectConflictingValuesAtOnce() {
    Pipeline.Builder b =
        Pipeline.builder("orders").source("Orders").handler("email", NoOpHandler.spec());
    assertThatThrownBy(() -> b.source("Users", "Orders"))
        .hasMessage("pipeline 'orders': source 'Orders' is already added");
    assertThatThrownBy(() -> b.handler("email", NoOpHandler.spec()))
        .hasMessage("pipeline 'orders': handler 'email' is already defined");
    assertThatThrownBy(() -> b.route("email", Routes.always(), NoOpHandler.spec()))
        .hasMessage("pipeline 'orders': handler 'email' is already defined");
    assertThatThrownBy(() -> b.project())
        .hasMessage("pipeline 'orders': project needs at least one attribute");
    assertThatThrownBy(() -> b.project("a", "a"))
        .hasMessage("pipeline 'orders': projection names 'a' twice");
    assertThatThrownBy(() -> b.project("a.b"))
        .hasMessage("pipeline 'orders': projection attribute 'a.b' must be a top-level name");
    b.project("a");
    assertThatThrownBy(() -> b.project("b"))
        .hasMessage("pipeline 'orders': projection is already set to [a]");
    assertThatThrownBy(() -> Pipeline.builder("my pipeline"))
        .hasMessage("pipeline name 'my pipeline' must be 1-100 characters of [a-zA-Z0-9._-]");
    assertThatThrownBy(() -> b.handler("e/mail", NoOpHandler.spec()))
        .hasMessage("handler name 'e/mail' must be 1-100 characters of [a-zA-Z0-9._-]");
    assertThatThrownBy(() -> b.filter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("filter");
    assertThatThrownBy(() -> b.where(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("view");
  }

  @Test
  void shouldRejectBadHandlerOptionsAtOnce() {
    assertThatThrownBy(() -> NoOpHandler.spec().deadLetterTopic("dead letters"))
        .hasMessage("dead-letter topic 'dead letters' must be 1-249 characters of [a-zA-Z0-9._-]");
    assertThatThrownBy(() -> NoOpHandler.spec().batching(null)).hasMessage("batching");
    assertThatThrownBy(() -> HandlerSpec.of(NoArgLessHandler.class))
        .hasMessage(
            "handler class "
                + NoArgLessHandler.class.getName()
                + " has no public no-argument constructor");
  }

  @Test
  void shouldRejectAnUnknownHandlerTypeAndADeadLetterTopicThatLoops() {
    assertThatThrownBy(
            () ->
                Pipeline.builder("orders")
                    .source("Orders")
                    .route("email", Routes.always(), HandlerSpec.ofType("smtp", Map.of()))
                    .route(
                        "index",
                        Routes.always(),
                        NoOpHandler.spec().deadLetterTopic(Topics.changeTopic("Orders")))
                    .build())
        .hasMessage(
            "pipeline 'orders': handler 'email' has type 'smtp', which no HandlerFactory on the"
                + " class path provides; known types: [noop]; handler 'index' has dead-letter topic"
                + " 'tributary.changes.Orders', which is a change or lane topic of this pipeline");
  }

  @Test
  void shouldProduceOneLanePerHandlerWithItsOptions() {
    RetryPolicy retry = RetryPolicy.attempts(3).withMaxEventAge(Duration.ofHours(1));
    Pipeline p =
        Pipeline.builder("orders")
            .source("Orders")
            .route(
                "email",
                Routes.onInsert(),
                NoOpHandler.spec()
                    .batching(Batching.of(10, Duration.ofMillis(50)))
                    .retry(retry)
                    .bisectOnFailure(true)
                    .isolateFailingKeys(true)
                    .deadLetterTopic("orders-email-dead"))
            .route("index", Routes.always(), HandlerSpec.ofType("noop", Map.of()))
            .build();
    List<LaneSpec> lanes = p.lanes();
    assertThat(lanes).extracting(LaneSpec::handler).containsExactly("email", "index");
    LaneSpec email = lanes.get(0);
    assertThat(email.pipeline()).isEqualTo("orders");
    assertThat(email.batching()).isEqualTo(Batching.of(10, Duration.ofMillis(50)));
    assertThat(email.retry()).isEqualTo(retry);
    assertThat(email.bisectOnFailure()).isTrue();
    assertThat(email.isolateFailingKeys()).isTrue();
    assertThat(email.deadLetterTopic()).isEqualTo("orders-email-dead");
    assertThat(email.laneTopic()).isEqualTo("tributary.lane.orders.email");
    assertThat(email.handlerFactory().get()).isInstanceOf(NoOpHandler.class);
    LaneSpec index = lanes.get(1);
    assertThat(index.batching()).isEqualTo(Batching.DEFAULT);
    assertThat(index.retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(index.bisectOnFailure()).isFalse();
    assertThat(index.isolateFailingKeys()).isFalse();
    assertThat(index.deadLetterTopic()).isEqualTo("tributary.dlq.orders.index");
    assertThat(index.handlerFactory().get()).isInstanceOf(NoOpHandler.class);
    assertThat(p.sourceTopics()).containsExactly("tributary.changes.Orders");
    assertThat(p.topics())
        .containsExactly(
            "tributary.changes.Orders",
            "tributary.lane.orders.email",
            "tributary.lane.orders.index",
            "orders-email-dead",
            "tributary.dlq.orders.index",
            "tributary.dlq.orders._topology");
  }

  @Test
  void shouldNarrowAViewWithEveryWhere() {
    Pipeline p =
        Pipeline.builder("orders")
            .source("Orders")
            .where(Images.attr("status").eq(s("PENDING")))
            .where(Images.attr("total").gt(100))
            .route("big", Routes.always(), NoOpHandler.spec())
            .build();
    ImagePredicate view = p.view().orElseThrow();
    assertThat(view.test(Item.builder().s("status", "PENDING").n("total", 101).build())).isTrue();
    assertThat(view.test(Item.builder().s("status", "PENDING").n("total", 99).build())).isFalse();
  }

  @Test
  void shouldDescribeTheDefinitionReadably() {
    Pipeline p =
        Pipeline.builder("orders")
            .source("Orders", "Returns")
            .filter(Events.sortKeyBeginsWith("SK", "ORDER#"))
            .where(Images.attr("status").ne(s("CANCELLED")))
            .project("status", "total")
            .route(
                "email",
                Routes.onInsert(),
                NoOpHandler.spec().retry(RetryPolicy.attempts(3)).describedAs("Mailer"))
            .route(
                "index",
                Routes.always(),
                HandlerSpec.ofType("noop", Map.of()).snapshotEvents(false))
            .route(Events.transition("status", s("PENDING"), s("SHIPPED")), "email")
            .build();
    String d = p.describe();
    assertThat(d)
        .contains("Pipeline orders")
        .contains("sources: Orders (tributary.changes.Orders), Returns (tributary.changes.Returns)")
        .contains("- sort key begins_with(SK, {S: ORDER#})")
        .contains("view: status <> {S: CANCELLED}")
        .contains("projection: status, total (+ keys)")
        .contains("filters: (all must pass)")
        .contains("email: Mailer")
        .contains(
            "route: (eventName in [INSERT] OR transition(status, {S: PENDING} -> {S: SHIPPED}))")
        .contains("retry: 3 attempts")
        .contains("index: type 'noop'")
        .contains("dead-letter topic: tributary.dlq.orders.index")
        .contains("snapshot events: false")
        .contains("snapshot events: as the handler wants")
        .contains("topology dead-letter topic: tributary.dlq.orders._topology");
  }

  @Test
  void shouldNameAnUnknownHandlerWhenAsked() {
    Pipeline p =
        Pipeline.builder("orders")
            .source("Orders")
            .route("a", Routes.always(), NoOpHandler.spec())
            .build();
    assertThatThrownBy(() -> p.laneTopic("b"))
        .hasMessage("pipeline 'orders' has no handler 'b'; handlers: [a]");
  }

  /** A handler the class-based factory cannot make. */
  static final class NoArgLessHandler extends NoOpHandler {
    NoArgLessHandler(boolean wants) {
      super(wants);
    }
  }
}

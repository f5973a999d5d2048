package dev.tributary.handlers.lambda;

import static dev.tributary.core.AttributeValue.b;
import static dev.tributary.core.AttributeValue.bool;
import static dev.tributary.core.AttributeValue.bs;
import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.ns;
import static dev.tributary.core.AttributeValue.nul;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.AttributeValue.ss;
import static dev.tributary.handlers.TestEvents.context;
import static dev.tributary.handlers.TestEvents.insert;
import static dev.tributary.handlers.TestEvents.modify;
import static dev.tributary.handlers.TestEvents.remove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.EventName;
import dev.tributary.core.UserIdentity;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.handler.Handlers;
import dev.tributary.handlers.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LambdaHandlerAdapterTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.250Z");

  @BeforeEach
  void reset() {
    OrderStreamFunction.reset();
  }

  private static HandlerContext where() {
    return HandlerContext.of("orders", "process_order_stream");
  }

  @Test
  void shouldRunTheChaptersOrderStreamUnchangedAndReportItsBatchItemFailures() throws Exception {
    ChangeHandler h =
        Handlers.create("lambda", Map.of("class", OrderStreamFunction.class.getName()));
    h.open(where());
    List<ChangeEvent> batch =
        List.of(
            insert("Orders", 1, T0, "O-1", "ada@example.com"),
            modify("Orders", 2, T0, "O-2", "PLACED", "SHIPPED"),
            modify("Orders", 3, T0, "O-3", "SHIPPED", "SHIPPED"), // no status change: nothing
            insert("Orders", 4, T0, "FAIL-4", "bob@example.com"),
            remove("Orders", 5, T0, "O-5"),
            modify("Orders", 6, T0, "FAIL-6", "PLACED", "PAID"));

    BatchResult r = h.handle(batch, context(1));

    assertThat(r.failedEventIds()).containsExactly(batch.get(3).eventId(), batch.get(5).eventId());
    assertThat(OrderStreamFunction.CONFIRMATIONS)
        .containsExactly("O-1 to ada@example.com total 299.99");
    assertThat(OrderStreamFunction.INDEXED).containsExactly("O-2");
    assertThat(OrderStreamFunction.NOTIFICATIONS).containsExactly("O-2 is SHIPPED");
    assertThat(OrderStreamFunction.ARCHIVED).containsExactly("O-5");
    assertThat(OrderStreamFunction.FUNCTION_NAMES).containsExactly("orders.process_order_stream");
    assertThat(h.wantsSnapshotEvents()).isFalse();
    h.close();
  }

  @Test
  void shouldReportLambdasWholeTailFromTheLowestFailureWhenAskedTo() throws Exception {
    LambdaHandlerAdapter h =
        LambdaHandlerAdapter.builder(new OrderStreamFunction())
            .failureScope(FailureScope.FROM_LOWEST)
            .build();
    List<ChangeEvent> batch =
        List.of(
            insert("Orders", 1, T0, "O-1", "a@example.com"),
            insert("Orders", 2, T0, "FAIL-2", "b@example.com"),
            insert("Orders", 3, T0, "O-3", "c@example.com"));
    assertThat(h.handle(batch, context(1)).failedEventIds())
        .containsExactly(batch.get(1).eventId(), batch.get(2).eventId());
  }

  @Test
  void shouldFailTheWholeBatchForAnIdentifierNotInIt() {
    List<ChangeEvent> batch =
        List.of(
            insert("Orders", 1, T0, "O-1", "a@example.com"),
            insert("Orders", 2, T0, "O-2", "b@example.com"));
    RequestHandler<DynamodbEvent, StreamsEventResponse> bogus =
        (event, ctx) ->
            new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure("999")));
    assertThat(LambdaHandlerAdapter.of(bogus).handle(batch, context(1)).failedEventIds())
        .containsExactly(batch.get(0).eventId(), batch.get(1).eventId());
    RequestHandler<DynamodbEvent, StreamsEventResponse> blank =
        (event, ctx) ->
            new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure("")));
    assertThat(LambdaHandlerAdapter.of(blank).handle(batch, context(1)).failedEventIds())
        .hasSize(2);
  }

  @Test
  void shouldTreatVoidAndOtherResultsAsSuccessAndHonourAMapShapedResponse() {
    List<ChangeEvent> batch = List.of(insert("Orders", 1, T0, "O-1", "a@example.com"));
    RequestHandler<DynamodbEvent, Void> voidFn = (event, ctx) -> null;
    RequestHandler<DynamodbEvent, Object> stringFn = (event, ctx) -> "done";
    RequestHandler<DynamodbEvent, Object> mapFn =
        (event, ctx) ->
            Map.of(
                "batchItemFailures",
                List.of(
                    Map.of(
                        "itemIdentifier",
                        event.getRecords().get(0).getDynamodb().getSequenceNumber())));
    assertThat(LambdaHandlerAdapter.of(voidFn).handle(batch, context(1)).isSuccess()).isTrue();
    assertThat(LambdaHandlerAdapter.of(stringFn).handle(batch, context(1)).isSuccess()).isTrue();
    assertThat(LambdaHandlerAdapter.of(mapFn).handle(batch, context(1)).failedEventIds())
        .containsExactly(batch.get(0).eventId());
  }

  @Test
  void shouldLetAThrowingFunctionFailTheWholeBatch() {
    RequestHandler<DynamodbEvent, Void> boom =
        (event, ctx) -> {
          throw new IllegalStateException("boom");
        };
    assertThatThrownBy(
            () ->
                LambdaHandlerAdapter.of(boom)
                    .handle(List.of(insert("Orders", 1, T0, "O-1", "a@x.com")), context(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
  }

  @Test
  void shouldGiveAContextWithNameRemainingTimeAndLogger() {
    AtomicReference<Context> seen = new AtomicReference<>();
    AtomicReference<Integer> remaining = new AtomicReference<>();
    RequestHandler<DynamodbEvent, Void> fn =
        (event, ctx) -> {
          seen.set(ctx);
          remaining.set(ctx.getRemainingTimeInMillis());
          ctx.getLogger().log("hello from the function");
          return null;
        };
    LambdaHandlerAdapter.builder(fn)
        .functionName("orderStream")
        .timeout(Duration.ofSeconds(30))
        .memoryMb(1024)
        .build()
        .handle(List.of(insert("Orders", 1, T0, "O-1", "a@x.com")), context(1));
    Context c = seen.get();
    assertThat(c.getFunctionName()).isEqualTo("orderStream");
    assertThat(c.getInvokedFunctionArn())
        .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:orderStream");
    assertThat(c.getMemoryLimitInMB()).isEqualTo(1024);
    assertThat(remaining.get()).isBetween(1, 30_000);
    assertThat(c.getAwsRequestId()).hasSize(36);
  }

  @Test
  void shouldBuildTheSameDynamodbEventAsLambdasOwnSerializer() {
    Map<String, AttributeValue> image = new LinkedHashMap<>();
    image.put("pk", s("USER#1"));
    image.put("n", n("-12.5"));
    image.put("bin", b(Bytes.of((byte) 1, (byte) 2, (byte) 255)));
    image.put("flag", bool(true));
    image.put("nothing", nul());
    image.put("tags", ss("a", "b"));
    image.put("scores", ns("1", "2.5"));
    image.put("blobs", bs(Bytes.of((byte) 7), Bytes.of((byte) 8)));
    image.put("nested", m(Map.of("list", l(s("x"), n(3), m(Map.of("deep", bool(false)))))));
    ChangeEvent modify =
        TestEvents.event(
            "Users",
            EventName.MODIFY,
            77,
            T0,
            Map.of("pk", s("USER#1")),
            image,
            Map.of("pk", s("USER#1")));
    ChangeEvent ttl =
        new ChangeEvent(
            "ttl-1",
            EventName.REMOVE,
            "1.1",
            "aws:dynamodb",
            "eu-west-1",
            TestEvents.arn("Users"),
            remove("Users", 78, T0, "O-9").dynamodb(),
            Optional.of(new UserIdentity("Service", "dynamodb.amazonaws.com")),
            false);
    List<ChangeEvent> batch = List.of(modify, ttl);

    DynamodbEvent ours = LambdaEvents.of(batch);
    DynamodbEvent lambdas =
        LambdaEventSerializers.serializerFor(DynamodbEvent.class, getClass().getClassLoader())
            .fromJson(ChangeEventJson.toLambdaEvent(batch));

    assertThat(ours.getRecords()).hasSize(2);
    assertThat(ours).isEqualTo(lambdas);
    assertThat(ours.getRecords().get(1).getUserIdentity().getPrincipalId())
        .isEqualTo("dynamodb.amazonaws.com");
  }

  @Test
  void shouldRejectBadFactoryConfigurationNamingTheKey() {
    assertThatThrownBy(() -> Handlers.create("lambda", Map.of()))
        .hasMessageContaining("'class' is required");
    assertThatThrownBy(() -> Handlers.create("lambda", Map.of("class", "com.example.Missing")))
        .hasMessageContaining("'class'")
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> Handlers.create("lambda", Map.of("class", String.class.getName())))
        .hasMessageContaining("does not implement");
    assertThatThrownBy(() -> Handlers.create("lambda", Map.of("class", WrongInput.class.getName())))
        .hasMessageContaining("handles java.lang.String");
    assertThatThrownBy(
            () ->
                Handlers.create(
                    "lambda",
                    Map.of("class", OrderStreamFunction.class.getName(), "timeuot", "5s")))
        .hasMessageContaining("unknown configuration key [timeuot]")
        .hasMessageContaining("timeout");
    assertThatThrownBy(
            () ->
                Handlers.create(
                    "lambda",
                    Map.of("class", OrderStreamFunction.class.getName(), "memory-mb", 64)))
        .hasMessageContaining("'memory-mb'")
        .hasMessageContaining("between 128 and 10240");
  }

  /** A function for another trigger: the factory must refuse it. */
  public static class WrongInput implements RequestHandler<String, Void> {
    @Override
    public Void handleRequest(String input, Context context) {
      return null;
    }
  }
}

package dev.tributary.handlers.sink;

import static dev.tributary.handlers.internal.Config.set;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.internal.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: webhook}: HTTP POST of each event. Keys: {@code url}, {@code secret}, {@code
 * timeout}, {@code connect-timeout}, {@code retry.max-attempts}, {@code retry.backoff}, {@code
 * retry.max-backoff}, and {@code headers} (a map of extra request headers).
 */
public final class WebhookSinkFactory implements HandlerFactory {
  static final ConfigKey<String> URL =
      ConfigKey.string("url", "the http(s) URL to POST each event to");
  static final ConfigKey<String> SECRET =
      ConfigKey.string(
          "secret", "HMAC-SHA256 key for the X-Tributary-Signature header; default no signature");
  static final ConfigKey<Duration> TIMEOUT =
      ConfigKey.duration("timeout", "request timeout").withDefault(Duration.ofSeconds(10));
  static final ConfigKey<Duration> CONNECT_TIMEOUT =
      ConfigKey.duration("connect-timeout", "connect timeout").withDefault(Duration.ofSeconds(5));
  static final ConfigKey<Integer> MAX_ATTEMPTS =
      ConfigKey.integer("retry.max-attempts", "tries per event within a batch", 1, 100)
          .withDefault(5);
  static final ConfigKey<Duration> BACKOFF =
      ConfigKey.duration("retry.backoff", "first wait between tries, doubled each time")
          .withDefault(Duration.ofMillis(200));
  static final ConfigKey<Duration> MAX_BACKOFF =
      ConfigKey.duration(
              "retry.max-backoff", "longest wait between tries (and longest Retry-After honoured)")
          .withDefault(Duration.ofSeconds(10));

  static final ConfigKey<Map<String, Object>> HEADERS =
      ConfigKey.map("headers", "extra request headers, e.g. {Authorization: \"Bearer ${TOKEN}\"}");

  /** Every key this factory reads, besides the {@code headers} map. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(URL, SECRET, TIMEOUT, CONNECT_TIMEOUT, MAX_ATTEMPTS, BACKOFF, MAX_BACKOFF);

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Map<String, Object> rest = new HashMap<>(config);
    Object headers = rest.remove(HEADERS.name());
    Config c = Config.of(type(), rest, KEYS);
    WebhookSink.Builder b = WebhookSink.builder();
    c.require(URL);
    set(c, URL, b::url);
    set(c, SECRET, b::secret);
    set(c, TIMEOUT, b::timeout);
    set(c, CONNECT_TIMEOUT, b::connectTimeout);
    set(c, MAX_ATTEMPTS, b::maxAttempts);
    try {
      b.backoff(c.get(BACKOFF).orElseThrow(), c.get(MAX_BACKOFF).orElseThrow());
    } catch (IllegalArgumentException e) {
      throw c.invalid(BACKOFF, e);
    }
    if (headers != null) {
      if (!(headers instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(
            "webhook handler: key 'headers' must be a map of header name to value");
      }
      for (Map.Entry<?, ?> h : m.entrySet()) {
        if (h.getValue() == null || h.getValue() instanceof Map || h.getValue() instanceof List) {
          throw new IllegalArgumentException(
              "webhook handler: key 'headers." + h.getKey() + "' must be a string");
        }
        try {
          b.header(String.valueOf(h.getKey()), String.valueOf(h.getValue()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "webhook handler: key 'headers." + h.getKey() + "': " + e.getMessage(), e);
        }
      }
    }
    return b.build();
  }

  /** {@link #KEYS} and {@code headers}. */
  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of(
        URL, SECRET, TIMEOUT, CONNECT_TIMEOUT, HEADERS, MAX_ATTEMPTS, BACKOFF, MAX_BACKOFF);
  }
}

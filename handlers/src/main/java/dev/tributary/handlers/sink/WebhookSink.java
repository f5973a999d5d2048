package dev.tributary.handlers.sink;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each event's Lambda-shaped JSON to a URL ({@code type: webhook}).
 *
 * <p>Headers: {@code Content-Type: application/json}, {@code Idempotency-Key: <eventID>}, {@code
 * X-Tributary-Event-Id}, {@code X-Tributary-Timestamp: <epoch seconds>} and, with a secret, {@code
 * X-Tributary-Signature: sha256=<hex>}, the HMAC-SHA256 of {@code <timestamp>.<body>} under the
 * secret. Receivers recompute it, compare in constant time and reject old timestamps.
 *
 * <p>Outcomes: 2xx is done; 5xx, 408 and connection errors are retried with exponential backoff
 * ({@code 429} waits its {@code Retry-After}) up to the attempt limit, after which the event is
 * reported failed and the runner retries it later; any other 4xx means the receiver will never take
 * it, so the event is dead-lettered with the status and body. Delivery is at least once; receivers
 * dedupe on {@code Idempotency-Key}.
 */
public final class WebhookSink implements ChangeHandler {
  private final URI url;
  private final Optional<byte[]> secret;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final int maxAttempts;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final HttpClient client;

  private WebhookSink(Builder b) {
    this.url = b.url;
    this.secret = b.secret.map(s -> s.getBytes(StandardCharsets.UTF_8));
    this.headers = Map.copyOf(b.headers);
    this.timeout = b.timeout;
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.maxBackoff = b.maxBackoff;
    this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The signature header value for {@code body} sent at {@code timestampSeconds}: {@code
   * sha256=<hex>}.
   */
  public static String signature(byte[] secret, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** The URL events are POSTed to. */
  public String url() {
    return url.toString();
  }

  @Override
  public boolean idempotent() {
    return false;
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
      throws InterruptedException {
    List<String> failed = new ArrayList<>();
    Map<String, String> dead = new LinkedHashMap<>();
    Map<String, String> reasons = new LinkedHashMap<>();
    for (ChangeEvent e : batch) {
      String problem = deliver(e);
      if (problem == null) {
        continue;
      }
      if (problem.startsWith("dead:")) {
        dead.put(e.eventId(), problem.substring(5));
      } else {
        failed.add(e.eventId());
        reasons.put(e.eventId(), problem);
      }
    }
    if (failed.isEmpty() && dead.isEmpty()) {
      return BatchResult.success();
    }
    BatchResult r =
        failed.isEmpty() ? BatchResult.success() : BatchResult.failedWithReasons(reasons);
    for (Map.Entry<String, String> d : dead.entrySet()) {
      r = r.andDeadLetter(List.of(d.getKey()), d.getValue());
    }
    return r;
  }

  /** null when delivered; "dead:reason" for a bad record; otherwise why it failed. */
  private String deliver(ChangeEvent e) throws InterruptedException {
    return post(ChangeEventJson.toJson(e).getBytes(StandardCharsets.UTF_8), e.eventId());
  }

  /**
   * POSTs {@code body} with the sink's headers and signature, {@code Idempotency-Key} and {@code
   * X-Tributary-Event-Id} set to {@code id}, retrying as configured. Returns null when delivered,
   * {@code "dead:<reason>"} when the receiver refused it for good (a 4xx other than 408 and 429),
   * otherwise why the last attempt failed.
   */
  String post(byte[] body, String id) throws InterruptedException {
    String last = "not sent";
    long wait = backoff.toMillis();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      long ts = Instant.now().getEpochSecond();
      HttpRequest.Builder req =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", id)
              .header("X-Tributary-Event-Id", id)
              .header("X-Tributary-Timestamp", Long.toString(ts));
      secret.ifPresent(s -> req.header("X-Tributary-Signature", signature(s, ts, body)));
      headers.forEach(req::header);
      long sleep = wait;
      try {
        HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
          return null;
        }
        String text = resp.body().length() > 200 ? resp.body().substring(0, 200) : resp.body();
        last =
            "webhook " + url + " answered " + status + (text.isBlank() ? "" : ": " + text.strip());
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
          return "dead:" + last;
        }
        if (status == 429) {
          sleep =
              resp.headers()
                  .firstValue("Retry-After")
                  .map(WebhookSink::retryAfterMillis)
                  .orElse(wait);
        }
      } catch (IOException io) {
        last =
            "webhook "
                + url
                + ": "
                + io.getClass().getSimpleName()
                + (io.getMessage() == null ? "" : " " + io.getMessage());
      }
      if (attempt < maxAttempts) {
        Thread.sleep(Math.min(sleep, maxBackoff.toMillis()));
        wait = Math.min(wait * 2, maxBackoff.toMillis());
      }
    }
    return last;
  }

  private static long retryAfterMillis(String value) {
    try {
      return Math.max(0, Long.parseLong(value.trim())) * 1000;
    } catch (NumberFormatException e) {
      try {
        return Math.max(
            0,
            Duration.between(
                    Instant.now(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                .toMillis());
      } catch (DateTimeParseException p) {
        return 1000;
      }
    }
  }

  /** Builds a {@link WebhookSink}; setters reject bad values naming them. */
  public static final class Builder {
    private URI url;
    private Optional<String> secret = Optional.empty();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int maxAttempts = 5;
    private Duration backoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(10);

    private Builder() {}

    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      URI u;
      try {
        u = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("url is not a URL: '" + url + "'");
      }
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new IllegalArgumentException(
            "url must start with http:// or https://, was '" + url + "'");
      }
      this.url = u;
      return this;
    }

    public Builder secret(String secret) {
      if (Objects.requireNonNull(secret, "secret").isEmpty()) {
        throw new IllegalArgumentException("secret must not be empty");
      }
      this.secret = Optional.of(secret);
      return this;
    }

    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "header value");
      if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new IllegalArgumentException(
            "header name '" + name + "' is not a valid HTTP header name");
      }
      headers.put(name, value);
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      this.backoff = positive(initial, "backoff");
      this.maxBackoff = positive(max, "maxBackoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff " + max + " is less than backoff " + initial);
      }
      return this;
    }

    private static Duration positive(Duration d, String name) {
      return SettingChecks.positive(d, name);
    }

    public WebhookSink build() {
      if (url == null) {
        throw new IllegalStateException("url is required");
      }
      return new WebhookSink(this);
    }
  }
}

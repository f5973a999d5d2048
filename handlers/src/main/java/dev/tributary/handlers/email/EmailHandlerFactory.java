package dev.tributary.handlers.email;

import static dev.tributary.handlers.internal.Config.set;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.internal.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: email}. Keys (nested or dotted): {@code smtp.host}, {@code smtp.port}, {@code
 * smtp.security}, {@code smtp.username}, {@code smtp.password}, {@code smtp.trust}, {@code
 * smtp.timeout}, {@code from}, {@code to} or {@code to-attribute}, {@code subject}, {@code body},
 * {@code html}, {@code ledger.path}, {@code ledger.max-entries}, {@code rate}, {@code snapshots};
 * see {@link #KEYS} for each one's type, default and meaning.
 */
public final class EmailHandlerFactory implements HandlerFactory {
  static final ConfigKey<String> HOST = ConfigKey.string("smtp.host", "the SMTP relay's host name");
  static final ConfigKey<Integer> PORT =
      ConfigKey.integer(
          "smtp.port", "the relay's port; default 25, 587 or 465 by smtp.security", 1, 65535);
  static final ConfigKey<SmtpSecurity> SECURITY =
      ConfigKey.oneOf("smtp.security", "none, starttls or smtps", SmtpSecurity.class)
          .withDefault(SmtpSecurity.NONE);
  static final ConfigKey<String> USERNAME =
      ConfigKey.string("smtp.username", "SMTP AUTH user; needs smtp.password");
  static final ConfigKey<String> PASSWORD =
      ConfigKey.string("smtp.password", "SMTP AUTH password; needs smtp.username");
  static final ConfigKey<String> TRUST =
      ConfigKey.string(
          "smtp.trust", "TLS hosts trusted without verification ('*' for all); default verify");
  static final ConfigKey<Duration> TIMEOUT =
      ConfigKey.duration("smtp.timeout", "connect, read and write timeout")
          .withDefault(Duration.ofSeconds(30));
  static final ConfigKey<String> FROM = ConfigKey.string("from", "the sender address");
  static final ConfigKey<String> TO =
      ConfigKey.string("to", "a fixed recipient address; or to-attribute");
  static final ConfigKey<String> TO_ATTRIBUTE =
      ConfigKey.string(
          "to-attribute", "attribute path of the recipient in the new image (old for REMOVE)");
  static final ConfigKey<String> SUBJECT =
      ConfigKey.string("subject", "Mustache template of the subject");
  static final ConfigKey<String> BODY = ConfigKey.string("body", "Mustache template of the body");
  static final ConfigKey<Boolean> HTML =
      ConfigKey.bool("html", "an HTML body with escaped values; default plain text")
          .withDefault(false);
  static final ConfigKey<String> LEDGER =
      ConfigKey.string("ledger.path", "the sent-ledger file (exactly-once)");
  static final ConfigKey<Integer> LEDGER_MAX =
      ConfigKey.integer("ledger.max-entries", "eventIDs the ledger keeps", 1, Integer.MAX_VALUE)
          .withDefault(1_000_000);
  static final ConfigKey<Double> RATE =
      ConfigKey.positiveNumber("rate", "messages per second; default unlimited");
  static final ConfigKey<Boolean> SNAPSHOTS =
      ConfigKey.bool("snapshots", "mail snapshot (backfill) INSERTs too").withDefault(false);

  /** Every key this factory reads. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(
          HOST,
          PORT,
          SECURITY,
          USERNAME,
          PASSWORD,
          TRUST,
          TIMEOUT,
          FROM,
          TO,
          TO_ATTRIBUTE,
          SUBJECT,
          BODY,
          HTML,
          LEDGER,
          LEDGER_MAX,
          RATE,
          SNAPSHOTS);

  @Override
  public String type() {
    return "email";
  }

  @Override
  public Set<String> pathKeys() {
    return Set.of(LEDGER.name());
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Config c = Config.of(type(), config, KEYS);
    EmailHandler.Builder b = EmailHandler.builder();
    set(c, HOST, b::host);
    set(c, PORT, b::port);
    set(c, SECURITY, b::security);
    if (c.has(USERNAME) != c.has(PASSWORD)) {
      throw new IllegalArgumentException(
          "email handler: keys 'smtp.username' and 'smtp.password' go together; only one is set");
    }
    if (c.has(USERNAME)) {
      b.credentials(c.require(USERNAME), c.require(PASSWORD));
    }
    set(c, TRUST, b::trustHosts);
    set(c, TIMEOUT, b::timeout);
    set(c, FROM, b::from);
    if (c.has(TO) && c.has(TO_ATTRIBUTE)) {
      throw new IllegalArgumentException(
          "email handler: keys 'to' and 'to-attribute' exclude each other; set one");
    }
    set(c, TO, b::to);
    set(c, TO_ATTRIBUTE, b::toAttribute);
    set(c, SUBJECT, b::subject);
    set(c, BODY, b::body);
    set(c, HTML, b::html);
    set(c, LEDGER, p -> b.ledger(Path.of(p)));
    set(c, LEDGER_MAX, b::ledgerMaxEntries);
    set(c, RATE, b::rateLimit);
    set(c, SNAPSHOTS, b::snapshotEvents);
    for (ConfigKey<?> required : List.of(HOST, FROM, SUBJECT, BODY)) {
      c.require(required);
    }
    if (!c.has(TO) && !c.has(TO_ATTRIBUTE)) {
      throw new IllegalArgumentException("email handler: key 'to' or 'to-attribute' is required");
    }
    return b.build();
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return KEYS;
  }
}

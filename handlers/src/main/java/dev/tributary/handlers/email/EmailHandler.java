package dev.tributary.handlers.email;

import dev.tributary.core.AttributePath;
import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.handlers.internal.RateLimiter;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails one message per change event through an SMTP relay (Jakarta Mail). Subject and body are
 * Mustache templates over the event ({@code {{newImage.customerId}}}, {@code
 * {{#newImage.items}}{{sku}}{{/newImage.items}}}, {@code {{oldImage.status}}}, {@code
 * {{eventName}}}, {@code {{keys.orderId}}}, see the builder). The recipient is fixed or read from
 * an attribute of the new image (the old image for a REMOVE).
 *
 * <p>Exactly-once, as far as mail allows: each message carries {@code Message-ID:
 * <eventID@tributary>} and, once the relay accepted it, its eventID goes to a durable sent-ledger;
 * a redelivered event found there is not mailed again. The one window left is a crash after the
 * relay accepted a message and before the ledger recorded it: that message is sent again with the
 * same Message-ID (at-least-once, stated, not hidden). Without a ledger the handler is
 * at-least-once.
 *
 * <p>Failures: a 4xx reply fails the event for a retry; a broken connection fails it and every
 * event after it in the batch; a 5xx reply, a missing recipient or a template error is permanent:
 * the event is reported failed while other events of the batch go on, and when a batch holds only
 * such events (typically the retry of one) a {@link BadRecordException} sends them to the
 * dead-letter topic without another SMTP attempt. A rejected login stops the runner ({@link
 * FatalException}): the configuration is wrong.
 */
public final class EmailHandler implements ChangeHandler {
  private static final Logger log = LoggerFactory.getLogger(EmailHandler.class);
  private static final int REMEMBERED_REJECTIONS = 10_000;

  private final SmtpConnection smtp;
  private final MailComposer composer;
  private final Optional<Path> ledgerPath;
  private final int ledgerMaxEntries;
  private final Optional<RateLimiter> rate;
  private final boolean snapshots;

  /** Why the last delivery that did not go out failed (handle() is synchronized). */
  private String lastProblem = "";

  private final Map<String, String> rejected =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED_REJECTIONS;
        }
      };
  private SentLedger ledger;

  private EmailHandler(Builder b) {
    this.smtp =
        new SmtpConnection(
            b.host,
            b.port.orElse(b.security.defaultPort()),
            b.security,
            b.username,
            b.password,
            b.sslTrust,
            b.timeout);
    this.composer =
        new MailComposer(
            b.from,
            b.to,
            b.toPath,
            MailTemplate.compile("subject", b.subject, false),
            MailTemplate.compile("body", b.body, b.html),
            b.html);
    this.ledgerPath = b.ledger;
    this.ledgerMaxEntries = b.ledgerMaxEntries;
    this.rate = b.ratePerSecond.map(RateLimiter::perSecond);
    this.snapshots = b.snapshots;
    ledgerPath.ifPresent(p -> ledger = SentLedger.open(p, ledgerMaxEntries));
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized BatchResult handle(List<ChangeEvent> batch, BatchContext context)
      throws InterruptedException {
    Objects.requireNonNull(batch, "batch");
    Map<String, String> failed = new LinkedHashMap<>();
    int permanent = 0;
    try {
      for (int i = 0; i < batch.size(); i++) {
        ChangeEvent e = batch.get(i);
        if (ledger != null && ledger.contains(e.eventId())) {
          continue; // mailed on an earlier delivery
        }
        String rejection = rejected.get(e.eventId());
        Outcome outcome = rejection != null ? Outcome.REJECTED : send(e);
        switch (outcome) {
          case SENT -> {}
          case DEFERRED -> failed.put(e.eventId(), lastProblem);
          case REJECTED -> {
            failed.put(e.eventId(), rejected.get(e.eventId()));
            permanent++;
          }
          case CONNECTION_LOST -> {
            // Nothing after this one went out: all of it is retried (the ledger skips what did).
            String reason = lastProblem;
            batch.subList(i, batch.size()).forEach(later -> failed.put(later.eventId(), reason));
            i = batch.size();
          }
        }
      }
    } finally {
      smtp.close();
    }
    if (permanent > 0 && permanent == batch.size()) {
      throw new BadRecordException(
          rejected.get(batch.get(0).eventId())
              + (batch.size() > 1 ? " (and " + (batch.size() - 1) + " more events rejected)" : ""));
    }
    return failed.isEmpty() ? BatchResult.success() : BatchResult.failedWithReasons(failed);
  }

  private enum Outcome {
    SENT,
    DEFERRED,
    REJECTED,
    CONNECTION_LOST
  }

  /** Mails one event; a permanent rejection is remembered, so its retry makes no SMTP attempt. */
  private Outcome send(ChangeEvent e) throws InterruptedException {
    MimeMessage message;
    try {
      message = composer.compose(smtp.session(), e);
    } catch (BadRecordException bad) {
      return reject(e, bad.getMessage());
    } catch (MessagingException me) {
      return reject(
          e, "email: event " + e.eventId() + " makes no valid message: " + me.getMessage());
    }
    if (rate.isPresent()) {
      rate.get().acquire();
    }
    try {
      smtp.send(message);
    } catch (MessagingException me) {
      SmtpReply reply = SmtpReply.classify(me);
      return switch (reply.kind()) {
        case PERMANENT -> reject(e, "email: relay rejected event " + e.eventId() + ": " + reply);
        case TRANSIENT -> {
          log.info("email: relay deferred event {}: {}", e.eventId(), reply);
          lastProblem = "the SMTP relay deferred it: " + reply;
          yield Outcome.DEFERRED;
        }
        case AUTHENTICATION ->
            throw new FatalException("email: the relay rejected the login: " + reply, me);
        case CONNECTION -> {
          log.warn("email: connection to the relay failed at event {}: {}", e.eventId(), reply);
          lastProblem = "connection to the SMTP relay failed: " + reply;
          yield Outcome.CONNECTION_LOST;
        }
      };
    }
    record(e);
    return Outcome.SENT;
  }

  private Outcome reject(ChangeEvent e, String reason) {
    log.warn("{}", reason);
    rejected.put(e.eventId(), reason);
    return Outcome.REJECTED;
  }

  private void record(ChangeEvent e) {
    if (ledger == null) {
      return;
    }
    try {
      ledger.add(e.eventId());
    } catch (IOException io) {
      // The mail went out; failing the event would resend it with the same Message-ID.
      throw new UncheckedIOException(
          "email: cannot record event " + e.eventId() + " in the sent-ledger", io);
    }
  }

  @Override
  public boolean wantsSnapshotEvents() {
    return snapshots;
  }

  /** True with a sent-ledger: a redelivered event is not mailed again. */
  @Override
  public boolean idempotent() {
    return ledger != null;
  }

  @Override
  public synchronized void close() throws IOException {
    smtp.close();
    if (ledger != null) {
      ledger.close();
      ledger = null;
    }
  }

  /** Builds an {@link EmailHandler}; every setter rejects a bad value at once, naming it. */
  public static final class Builder {
    private String host;
    private Optional<Integer> port = Optional.empty();
    private SmtpSecurity security = SmtpSecurity.NONE;
    private Optional<String> username = Optional.empty();
    private Optional<String> password = Optional.empty();
    private Optional<String> sslTrust = Optional.empty();
    private Duration timeout = Duration.ofSeconds(30);
    private InternetAddress from;
    private Optional<InternetAddress> to = Optional.empty();
    private Optional<AttributePath> toPath = Optional.empty();
    private String subject;
    private String body;
    private boolean html;
    private Optional<Path> ledger = Optional.empty();
    private int ledgerMaxEntries = 1_000_000;
    private Optional<Double> ratePerSecond = Optional.empty();
    private boolean snapshots;

    private Builder() {}

    /** The relay's host name. Required. */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /** The relay's port; default 25, 587 or 465 by {@link #security}. */
    public Builder port(int port) {
      this.port = Optional.of(SettingChecks.port(port, "port"));
      return this;
    }

    public Builder security(SmtpSecurity security) {
      this.security = Objects.requireNonNull(security, "security");
      return this;
    }

    /** Log in with SMTP AUTH. */
    public Builder credentials(String username, String password) {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (username.isBlank()) {
        throw new IllegalArgumentException("username must not be blank");
      }
      this.username = Optional.of(username);
      this.password = Optional.of(password);
      return this;
    }

    /**
     * Hosts whose TLS certificate is trusted without checking ({@code "*"} for all, or
     * space-separated names): for a relay with a self-signed certificate. Default: verify.
     */
    public Builder trustHosts(String hosts) {
      Objects.requireNonNull(hosts, "trustHosts");
      if (hosts.isBlank()) {
        throw new IllegalArgumentException("trustHosts must not be blank");
      }
      this.sslTrust = Optional.of(hosts);
      return this;
    }

    /** Connect, read and write timeout. Default 30 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = SettingChecks.positive(timeout, "timeout");
      return this;
    }

    /** The sender address. Required. */
    public Builder from(String address) {
      this.from = address("from", address);
      return this;
    }

    /** A fixed recipient; excludes {@link #toAttribute}. */
    public Builder to(String address) {
      if (toPath.isPresent()) {
        throw new IllegalArgumentException(
            "to conflicts with toAttribute '" + toPath.get() + "': set one");
      }
      this.to = Optional.of(address("to", address));
      return this;
    }

    /**
     * The recipient from an attribute path of the new image (old image for a REMOVE), such as
     * {@code email} or {@code customer.contact.email}; an S or an SS value. Excludes {@link #to}.
     */
    public Builder toAttribute(String path) {
      if (to.isPresent()) {
        throw new IllegalArgumentException(
            "toAttribute conflicts with to '" + to.get() + "': set one");
      }
      try {
        this.toPath = Optional.of(AttributePath.parse(path));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("toAttribute: " + e.getMessage(), e);
      }
      return this;
    }

    /** The subject template (Mustache), rendered unescaped on one line. Required. */
    public Builder subject(String template) {
      this.subject = template("subject", template);
      return this;
    }

    /** The body template (Mustache). Required. */
    public Builder body(String template) {
      this.body = template("body", template);
      return this;
    }

    /** An HTML body (values HTML-escaped) instead of plain text (values as they are). */
    public Builder html(boolean html) {
      this.html = html;
      return this;
    }

    /** The sent-ledger file; without one, a redelivered event is mailed again. */
    public Builder ledger(Path file) {
      this.ledger = Optional.of(Objects.requireNonNull(file, "ledger"));
      return this;
    }

    /** How many eventIDs the ledger keeps (the newest). Default 1,000,000. */
    public Builder ledgerMaxEntries(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("ledgerMaxEntries must be at least 1, was " + max);
      }
      this.ledgerMaxEntries = max;
      return this;
    }

    /** At most this many messages per second, evenly spaced. Default: unlimited. */
    public Builder rateLimit(double messagesPerSecond) {
      if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond)) {
        throw new IllegalArgumentException(
            "rateLimit must be a positive number, was " + messagesPerSecond);
      }
      this.ratePerSecond = Optional.of(messagesPerSecond);
      return this;
    }

    /** Whether snapshot (backfill) INSERTs are mailed. Default false: a backfill mails nobody. */
    public Builder snapshotEvents(boolean snapshots) {
      this.snapshots = snapshots;
      return this;
    }

    /** Checks that host, from, subject, body and a recipient are set and the templates compile. */
    public EmailHandler build() {
      List<String> missing = new ArrayList<>();
      if (host == null) {
        missing.add("host");
      }
      if (from == null) {
        missing.add("from");
      }
      if (to.isEmpty() && toPath.isEmpty()) {
        missing.add("to or toAttribute");
      }
      if (subject == null) {
        missing.add("subject");
      }
      if (body == null) {
        missing.add("body");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("email handler: missing " + String.join(", ", missing));
      }
      return new EmailHandler(this);
    }

    private static InternetAddress address(String what, String address) {
      Objects.requireNonNull(address, what);
      try {
        return new InternetAddress(address, true);
      } catch (AddressException e) {
        throw new IllegalArgumentException(
            what + " '" + address + "' is not a valid address: " + e.getMessage(), e);
      }
    }

    private static String template(String what, String template) {
      Objects.requireNonNull(template, what);
      MailTemplate.compile(what, template, false); // fail now, naming the template
      return template;
    }
  }
}

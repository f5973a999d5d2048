package dev.tributary.local;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tributary.core.SettingChecks;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A real SMTP server in this JVM (GreenMail) that keeps every message it accepts, to be read back.
 * Plain SMTP or SMTPS (self-signed), on a free loopback port unless told otherwise.
 *
 * <pre>{@code
 * try (LocalSmtp smtp = LocalSmtp.builder().start()) {
 *   // point a mailer at smtp.host():smtp.port()
 *   List<MimeMessage> received = smtp.awaitMessages(3, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class LocalSmtp implements AutoCloseable {
  private final GreenMail mail;
  private final boolean smtps;

  private LocalSmtp(Builder b) {
    ServerSetup setup =
        new ServerSetup(
            b.port, "127.0.0.1", b.smtps ? ServerSetup.PROTOCOL_SMTPS : ServerSetup.PROTOCOL_SMTP);
    // GreenMail's 2 s default is too short on a loaded machine
    setup.setServerStartupTimeout(b.startTimeout.toMillis());
    this.mail = new GreenMail(setup);
    this.smtps = b.smtps;
    b.users.forEach(u -> mail.setUser(u[0], u[1], u[2]));
    mail.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return smtps ? mail.getSmtps().getPort() : mail.getSmtp().getPort();
  }

  /** Whether the server speaks SMTPS (TLS from the first byte, self-signed certificate). */
  public boolean smtps() {
    return smtps;
  }

  /** Every message accepted so far, in arrival order. */
  public List<MimeMessage> messages() {
    return List.of(mail.getReceivedMessages());
  }

  /**
   * Waits until at least {@code count} messages have arrived and returns them all; throws {@link
   * IllegalStateException} naming how many came if they do not within {@code timeout}.
   */
  public List<MimeMessage> awaitMessages(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<MimeMessage> now;
    while ((now = messages()).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "expected " + count + " messages within " + timeout + ", got " + now.size());
      }
      Thread.sleep(20);
    }
    return new ArrayList<>(now);
  }

  /** Forgets every message received so far. */
  public void clear() {
    try {
      mail.purgeEmailFromAllMailboxes();
    } catch (Exception e) {
      throw new IllegalStateException("could not purge GreenMail's mailboxes", e);
    }
  }

  @Override
  public void close() {
    mail.stop();
  }

  @Override
  public String toString() {
    return "LocalSmtp[" + (smtps ? "smtps" : "smtp") + "://" + host() + ":" + port() + "]";
  }

  /** Settings; each setter rejects a bad value at once. */
  public static final class Builder {
    private int port;
    private boolean smtps;
    private Duration startTimeout = Duration.ofSeconds(30);
    private final List<String[]> users = new ArrayList<>();

    private Builder() {}

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = SettingChecks.listenPort(port, "port");
      return this;
    }

    /** SMTPS (implicit TLS with a self-signed certificate) instead of plain SMTP. */
    public Builder smtps(boolean smtps) {
      this.smtps = smtps;
      return this;
    }

    /** A user SMTP AUTH accepts (without one, any login is accepted). */
    public Builder user(String email, String login, String password) {
      users.add(
          new String[] {
            Objects.requireNonNull(email, "email"),
            Objects.requireNonNull(login, "login"),
            Objects.requireNonNull(password, "password")
          });
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout =
          SettingChecks.positive(Objects.requireNonNull(timeout, "timeout"), "startTimeout");
      return this;
    }

    /** Starts the server; it is listening when this returns. */
    public LocalSmtp start() {
      return new LocalSmtp(this);
    }
  }
}

package dev.tributary.handlers.email;

/** How the connection to the SMTP relay is protected. */
public enum SmtpSecurity {
  /** Plain SMTP; for a relay on loopback or a trusted network. Default port 25. */
  NONE(25),
  /** Plain connection upgraded with STARTTLS, which is then required. Default port 587. */
  STARTTLS(587),
  /** TLS from the first byte (SMTPS). Default port 465. */
  SMTPS(465);

  private final int defaultPort;

  SmtpSecurity(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  public int defaultPort() {
    return defaultPort;
  }
}

package dev.tributary.worker.console.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may read and who may act. Every request must name an allowed host ({@link HostCheck}: no DNS
 * rebinding). Acting (redrive, replay) takes a request that carries the configured token in {@link
 * #TOKEN_HEADER}, has a JSON body, and, when the browser names where it comes from ({@code Origin},
 * {@code Sec-Fetch-Site}), comes from the console's own origin. No cookie is ever accepted as a
 * credential, so a page on another site cannot act with the operator's browser: it cannot set the
 * header without a preflight this server never answers, and it does not know the token.
 */
final class Guard {
  static final String TOKEN_HEADER = "X-Tributary-Token";

  private final Optional<byte[]> token;
  private final HostCheck hosts;
  private final boolean tokenForReads;

  /** Actions guarded by {@code token}; reads from loopback names and IP addresses only. */
  Guard(Optional<String> token) {
    this(token, HostCheck.of("127.0.0.1", List.of(), List.of()), false);
  }

  /** {@code tokenForReads}: reads need the token too (it must then be set). */
  Guard(Optional<String> token, HostCheck hosts, boolean tokenForReads) {
    if (tokenForReads && token.isEmpty()) {
      throw new IllegalArgumentException(
          "worker.console.token-for-reads needs worker.console.token");
    }
    this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    this.hosts = hosts;
    this.tokenForReads = tokenForReads;
  }

  /** Whether reading (pages, JSON, event streams) needs the token too. */
  boolean tokenForReads() {
    return tokenForReads;
  }

  /**
   * Why {@code req} may not read, or empty when it may: with {@code token-for-reads}, a read must
   * carry the token in {@link #TOKEN_HEADER}, as an action does (never in the URL, which access
   * logs and proxies keep).
   */
  Optional<String> refuseRead(Web.Request req) {
    return tokenForReads
        ? checkToken(req, "this console needs its token to read")
        : Optional.empty();
  }

  /** Why {@code req} may not be answered at all (its {@code Host} is not allowed), or empty. */
  Optional<String> refuseHost(Web.Request req) {
    return hosts.refuse(req.header("Host"));
  }

  /** True the first time a request naming {@code req}'s host is refused: log it then, not after. */
  boolean firstRefusal(Web.Request req) {
    return hosts.firstRefusal(req.header("Host").orElse(""));
  }

  HostCheck hosts() {
    return hosts;
  }

  boolean actionsEnabled() {
    return token.isPresent();
  }

  /** Why {@code req} may not act, or empty when it may. */
  Optional<String> refuse(Web.Request req) {
    if (token.isEmpty()) {
      return Optional.of(
          "console actions are disabled: set worker.console.token in the worker's configuration");
    }
    if (!req.method().equals("POST")) {
      return Optional.of("actions are POST requests");
    }
    if (!req.header("Content-Type")
        .orElse("")
        .toLowerCase(Locale.ROOT)
        .startsWith("application/json")) {
      return Optional.of("actions need a JSON body (Content-Type: application/json)");
    }
    Optional<String> site = req.header("Sec-Fetch-Site");
    if (site.isPresent() && !site.get().equals("same-origin") && !site.get().equals("none")) {
      return Optional.of("cross-site request refused (Sec-Fetch-Site: " + site.get() + ")");
    }
    Optional<String> origin = req.header("Origin");
    if (origin.isPresent() && !sameOrigin(origin.get(), req.header("Host").orElse(""))) {
      return Optional.of(
          "cross-site request refused (Origin " + origin.get() + " is not this console's)");
    }
    return checkToken(req, "enter the console token");
  }

  private Optional<String> checkToken(Web.Request req, String hint) {
    Optional<String> given = req.header(TOKEN_HEADER);
    if (given.isEmpty()) {
      return Optional.of("the " + TOKEN_HEADER + " header is missing: " + hint);
    }
    if (!MessageDigest.isEqual(token.get(), given.get().getBytes(StandardCharsets.UTF_8))) {
      return Optional.of("wrong console token");
    }
    return Optional.empty();
  }

  static boolean sameOrigin(String origin, String host) {
    try {
      URI o = URI.create(origin);
      String authority = o.getRawAuthority();
      return authority != null
          && authority.equalsIgnoreCase(host)
          && ("http".equals(o.getScheme()) || "https".equals(o.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

package dev.tributary.engine.http.internal;

import dev.tributary.engine.http.IncompleteSignatureException;
import dev.tributary.engine.http.InvalidSignatureException;
import dev.tributary.engine.http.MissingAuthenticationTokenException;
import dev.tributary.engine.http.UnrecognizedClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies AWS Signature Version 4 on a request exactly as DynamoDB does: the {@code Authorization}
 * header's credential scope, SignedHeaders and Signature; the canonical request rebuilt from the
 * request as received; the timestamp within 15 minutes of this server's clock; the signature
 * compared in constant time. Any region is accepted (clients sign with the region they are
 * configured with); the service must be {@code dynamodb} or {@code streams.dynamodb}.
 *
 * <p>Rejections are DynamoDB's errors with DynamoDB's wording, all HTTP 400: no header → {@link
 * MissingAuthenticationTokenException}; a malformed header → {@link IncompleteSignatureException};
 * an unknown access key → {@link UnrecognizedClientException}; a wrong signature, a tampered body
 * or a stale or future timestamp → {@link InvalidSignatureException}.
 */
public final class SigV4Verifier implements RequestAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(SigV4Verifier.class);
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final Set<String> DYNAMODB_SERVICES = Set.of("dynamodb", "streams.dynamodb");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String INVALID_TOKEN =
      "The security token included in the request is invalid.";
  private static final String SIGNATURE_MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";
  private static final int SIGNING_KEY_CACHE_LIMIT = 1024;

  private final Map<String, String> secretsByAccessKey;
  private final Clock clock;
  private final Set<String> services;
  private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

  /**
   * @param secretsByAccessKey the accepted access key ids and their secret keys; at least one
   * @param clock the server's clock, against which request timestamps are checked
   */
  public SigV4Verifier(Map<String, String> secretsByAccessKey, Clock clock) {
    this(secretsByAccessKey, clock, DYNAMODB_SERVICES);
  }

  /**
   * For AWS's published test vectors, which sign for a service other than DynamoDB: {@code
   * services} are the accepted names.
   */
  SigV4Verifier(Map<String, String> secretsByAccessKey, Clock clock, Set<String> services) {
    Objects.requireNonNull(secretsByAccessKey, "secretsByAccessKey");
    if (secretsByAccessKey.isEmpty()) {
      throw new IllegalArgumentException(
          "secretsByAccessKey must hold at least one access key; use allowAnyCredentials() to"
              + " accept every request");
    }
    secretsByAccessKey.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null || v.isEmpty()) {
            throw new IllegalArgumentException(
                "secretsByAccessKey has a blank access key or secret");
          }
        });
    this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.services = Set.copyOf(services);
  }

  /**
   * An authenticator for local development that admits every request, signed or not, with any
   * credentials, as DynamoDB Local does. Logs a warning once per call.
   */
  public static RequestAuthenticator allowAnyCredentials() {
    log.warn(
        "Accepting requests with ANY credentials (allow-any-credentials): signatures are not"
            + " checked; do not expose this endpoint beyond your machine");
    return request -> Objects.requireNonNull(request, "request");
  }

  @Override
  public void authenticate(HttpRequestView request) {
    Objects.requireNonNull(request, "request");
    String header =
        request
            .header("authorization")
            .orElseThrow(
                () ->
                    new MissingAuthenticationTokenException(
                        "Request is missing Authentication Token"));
    Optional<String> amzDate = request.header("x-amz-date");
    Optional<String> httpDate = request.header("date");
    AuthorizationHeader auth =
        AuthorizationHeader.parse(header, amzDate.isPresent() || httpDate.isPresent());
    String secret = secretsByAccessKey.get(auth.accessKey());
    if (secret == null) {
      throw new UnrecognizedClientException(INVALID_TOKEN);
    }
    Instant signedAt = requestTime(amzDate, httpDate);
    String isoDate = AMZ_DATE.format(signedAt);
    checkScope(auth, isoDate);
    checkSkew(signedAt);
    if (!auth.signedHeaders().contains("host")) {
      throw new InvalidSignatureException(
          "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    String canonical = CanonicalRequest.build(request, auth.signedHeaders());
    String stringToSign =
        ALGORITHM
            + "\n"
            + isoDate
            + "\n"
            + auth.scope()
            + "\n"
            + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] expected = hmac(signingKey(secret, auth), stringToSign);
    byte[] provided;
    try {
      provided = HexFormat.of().parseHex(auth.signature());
    } catch (IllegalArgumentException e) {
      throw new InvalidSignatureException(SIGNATURE_MISMATCH);
    }
    if (!MessageDigest.isEqual(expected, provided)) {
      throw new InvalidSignatureException(SIGNATURE_MISMATCH);
    }
  }

  private static Instant requestTime(Optional<String> amzDate, Optional<String> httpDate) {
    if (amzDate.isPresent()) {
      try {
        return Instant.from(AMZ_DATE.parse(amzDate.get().trim()));
      } catch (DateTimeParseException e) {
        throw new IncompleteSignatureException(
            "Date must be in ISO-8601 'basic format'. Got '" + amzDate.get() + "'.");
      }
    }
    try {
      return ZonedDateTime.parse(
              httpDate.orElseThrow().trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw new IncompleteSignatureException(
          "Date must be in RFC 1123 format. Got '" + httpDate.orElseThrow() + "'.");
    }
  }

  private void checkScope(AuthorizationHeader auth, String isoDate) {
    String day = isoDate.substring(0, 8);
    if (!auth.date().equals(day)) {
      throw new InvalidSignatureException(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '"
              + auth.date()
              + "' != '"
              + day
              + "', from '"
              + isoDate
              + "'.");
    }
    if (auth.region().isEmpty()) {
      throw new InvalidSignatureException("Credential should be scoped to a valid region. ");
    }
    if (!services.contains(auth.service())) {
      throw new InvalidSignatureException(
          "Credential should be scoped to correct service: 'dynamodb'. ");
    }
    if (!auth.terminator().equals("aws4_request")) {
      throw new InvalidSignatureException(
          "Credential should be scoped with a valid terminator: 'aws4_request', not '"
              + auth.terminator()
              + "'. ");
    }
  }

  private void checkSkew(Instant signedAt) {
    Instant now = clock.instant();
    if (signedAt.isBefore(now.minus(MAX_SKEW))) {
      throw new InvalidSignatureException(
          "Signature expired: "
              + AMZ_DATE.format(signedAt)
              + " is now earlier than "
              + AMZ_DATE.format(now.minus(MAX_SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " - 15 min.)");
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw new InvalidSignatureException(
          "Signature not yet current: "
              + AMZ_DATE.format(signedAt)
              + " is still later than "
              + AMZ_DATE.format(now.plus(MAX_SKEW))
              + " ("
              + AMZ_DATE.format(now)
              + " + 15 min.)");
    }
  }

  private byte[] signingKey(String secret, AuthorizationHeader auth) {
    String cacheKey = auth.accessKey() + "/" + auth.scope();
    byte[] key = signingKeys.get(cacheKey);
    if (key == null) {
      byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date());
      k = hmac(k, auth.region());
      k = hmac(k, auth.service());
      key = hmac(k, auth.terminator());
      if (signingKeys.size() >= SIGNING_KEY_CACHE_LIMIT) {
        signingKeys.clear();
      }
      signingKeys.put(cacheKey, key);
    }
    return key;
  }

  static byte[] hmac(byte[] key, String data) {
    return Crypto.hmacSha256(key, data.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] data) {
    return Crypto.sha256(data);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** The parsed {@code Authorization} header. */
  record AuthorizationHeader(
      String accessKey,
      String date,
      String region,
      String service,
      String terminator,
      List<String> signedHeaders,
      String signature) {

    String scope() {
      return date + "/" + region + "/" + service + "/" + terminator;
    }

    /**
     * Parses {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}; throws
     * {@link IncompleteSignatureException} naming every missing part, as DynamoDB does.
     */
    static AuthorizationHeader parse(String header, boolean hasDateHeader) {
      String h = header.trim();
      int space = h.indexOf(' ');
      String algorithm = space < 0 ? h : h.substring(0, space);
      String rest = space < 0 ? "" : h.substring(space + 1);
      if (algorithm.startsWith("AWS4-") && !algorithm.equals(ALGORITHM)) {
        throw new IncompleteSignatureException("Unsupported AWS 'algorithm': '" + algorithm + "'.");
      }
      String credential = null;
      String signedHeaders = null;
      String signature = null;
      if (algorithm.equals(ALGORITHM)) {
        for (String part : rest.split(",")) {
          String p = part.trim();
          if (p.isEmpty()) {
            continue;
          }
          int eq = p.indexOf('=');
          if (eq < 0) {
            throw new IncompleteSignatureException(
                "'"
                    + p
                    + "' not a valid key=value pair (missing equal-sign) in Authorization"
                    + " header: '"
                    + header
                    + "'.");
          }
          String name = p.substring(0, eq).trim();
          String value = p.substring(eq + 1).trim();
          switch (name) {
            case "Credential" -> credential = value;
            case "SignedHeaders" -> signedHeaders = value;
            case "Signature" -> signature = value;
            default -> {} // AWS ignores unknown parameters
          }
        }
      }
      StringBuilder missing = new StringBuilder();
      if (credential == null || credential.isEmpty()) {
        missing.append("Authorization header requires 'Credential' parameter. ");
      }
      if (signature == null || signature.isEmpty()) {
        missing.append("Authorization header requires 'Signature' parameter. ");
      }
      if (signedHeaders == null || signedHeaders.isEmpty()) {
        missing.append("Authorization header requires 'SignedHeaders' parameter. ");
      }
      if (!hasDateHeader) {
        missing.append(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
      }
      if (missing.length() > 0) {
        throw new IncompleteSignatureException(missing + "Authorization=" + header);
      }
      String[] scope = credential.split("/", -1);
      if (scope.length != 5 || scope[0].isEmpty()) {
        throw new IncompleteSignatureException(
            "Credential must have exactly 5 slash-delimited elements, e.g."
                + " keyid/date/region/service/term, got '"
                + credential
                + "'");
      }
      return new AuthorizationHeader(
          scope[0],
          scope[1],
          scope[2],
          scope[3],
          scope[4],
          List.of(signedHeaders.split(";")),
          signature);
    }
  }
}

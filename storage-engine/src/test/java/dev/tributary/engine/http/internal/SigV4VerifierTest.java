package dev.tributary.engine.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.DynamoDbException;
import dev.tributary.engine.http.IncompleteSignatureException;
import dev.tributary.engine.http.InvalidSignatureException;
import dev.tributary.engine.http.MissingAuthenticationTokenException;
import dev.tributary.engine.http.UnrecognizedClientException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 verification against signatures made by the AWS SDK for Java v2's own signer, and against
 * AWS's published test-suite vectors.
 */
class SigV4VerifierTest {
  private static final String KEY = "AKIDTRIBUTARY";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Instant SIGNED_AT = Instant.parse("2025-01-15T10:30:00Z");
  private static final String MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";
  private static final byte[] BODY =
      "{\"TableName\":\"Users\",\"Key\":{\"userId\":{\"S\":\"123\"}}}"
          .getBytes(StandardCharsets.UTF_8);

  private static SigV4Verifier verifierAt(Instant now) {
    return new SigV4Verifier(
        Map.of(KEY, SECRET, "OTHERKEY", "other-secret"), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static final SigV4Verifier VERIFIER = verifierAt(SIGNED_AT);

  /** Signs a request with the SDK's SigV4 signer and returns it as the server would see it. */
  private static HttpRequestView sign(
      SdkHttpRequest request,
      byte[] body,
      String key,
      String secret,
      String region,
      String service,
      Instant at) {
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(key, secret))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    return view(signed.request(), body);
  }

  private static HttpRequestView sign(SdkHttpRequest request, byte[] body) {
    return sign(request, body, KEY, SECRET, "us-east-1", "dynamodb", SIGNED_AT);
  }

  private static HttpRequestView view(SdkHttpRequest r, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
    if (!r.firstMatchingHeader("Host").isPresent()) {
      int port = r.port();
      headers.put("Host", List.of(r.host() + (port == 80 || port == 443 ? "" : ":" + port)));
    }
    String query = r.encodedQueryParameters().orElse("");
    return new HttpRequestView(r.method().name(), r.encodedPath(), query, headers, body);
  }

  private static SdkHttpRequest.Builder dynamoPost() {
    return SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(URI.create("http://localhost:8000/"))
        .putHeader("Content-Type", "application/x-amz-json-1.0")
        .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem");
  }

  private static HttpRequestView withHeader(HttpRequestView v, String name, String... values) {
    Map<String, List<String>> headers = new LinkedHashMap<>(v.headers());
    headers.put(name.toLowerCase(Locale.ROOT), List.of(values));
    return new HttpRequestView(v.method(), v.path(), v.rawQuery(), headers, v.body());
  }

  private static HttpRequestView withAuthorization(
      HttpRequestView v, UnaryOperator<String> change) {
    return withHeader(v, "authorization", change.apply(v.header("authorization").orElseThrow()));
  }

  private static HttpRequestView withBody(HttpRequestView v, byte[] body) {
    return new HttpRequestView(v.method(), v.path(), v.rawQuery(), v.headers(), body);
  }

  // ---- acceptance -------------------------------------------------------------------------

  @Test
  void shouldAcceptPostSignedByTheSdk() {
    HttpRequestView request = sign(dynamoPost().build(), BODY);
    assertThat(request.header("authorization"))
        .get()
        .asString()
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=" + KEY + "/20250115/us-east-1/dynamodb/aws4_request");
    assertThatCode(() -> VERIFIER.authenticate(request)).doesNotThrowAnyException();
  }

  @Test
  void shouldAcceptGetAndPostWithQueryStringsSignedByTheSdk() {
    SdkHttpRequest get =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(URI.create("http://localhost:8000/some/path%20with/ünïcode"))
            .putRawQueryParameter("zeta", "last")
            .putRawQueryParameter("Alpha", List.of("2", "1"))
            .putRawQueryParameter("space", "a b+c")
            .putRawQueryParameter("empty", "")
            .putRawQueryParameter("tilde~star*", "~*/?")
            .build();
    HttpRequestView signedGet = sign(get, new byte[0]);
    assertThat(signedGet.rawQuery()).contains("zeta=last").contains("Alpha=");
    assertThatCode(() -> VERIFIER.authenticate(signedGet)).doesNotThrowAnyException();

    SdkHttpRequest post =
        dynamoPost().putRawQueryParameter("b", "2").putRawQueryParameter("a", "1").build();
    HttpRequestView signedPost = sign(post, BODY);
    assertThatCode(() -> VERIFIER.authenticate(signedPost)).doesNotThrowAnyException();

    // Query parameters in another order on the wire still verify: the canonical form sorts them.
    HttpRequestView reordered =
        new HttpRequestView(
            signedPost.method(), signedPost.path(), "a=1&b=2", signedPost.headers(), BODY);
    HttpRequestView original =
        new HttpRequestView(
            signedPost.method(), signedPost.path(), "b=2&a=1", signedPost.headers(), BODY);
    assertThatCode(() -> VERIFIER.authenticate(reordered)).doesNotThrowAnyException();
    assertThatCode(() -> VERIFIER.authenticate(original)).doesNotThrowAnyException();
    // ...but a changed query value does not.
    HttpRequestView changed =
        new HttpRequestView(
            signedPost.method(), signedPost.path(), "a=1&b=3", signedPost.headers(), BODY);
    assertThatThrownBy(() -> VERIFIER.authenticate(changed))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void shouldAcceptSignedHeadersWithUnusualSpacing() {
    SdkHttpRequest request =
        dynamoPost()
            .putHeader("X-Custom-Spaced", "   several    inner   spaces\t and\ttabs   ")
            .putHeader("X-Multi", List.of(" first ", "second   value"))
            .build();
    HttpRequestView signed = sign(request, BODY);
    assertThat(signed.header("authorization").orElseThrow())
        .contains("x-custom-spaced")
        .contains("x-multi");
    assertThatCode(() -> VERIFIER.authenticate(signed)).doesNotThrowAnyException();
    // A proxy that trims and compresses the same header leaves the canonical value unchanged.
    HttpRequestView compressed =
        withHeader(signed, "X-Custom-Spaced", "several inner spaces and tabs");
    assertThatCode(() -> VERIFIER.authenticate(compressed)).doesNotThrowAnyException();
    // A changed signed header is detected.
    HttpRequestView altered =
        withHeader(signed, "X-Custom-Spaced", "several inner spaces and cats");
    assertThatThrownBy(() -> VERIFIER.authenticate(altered))
        .isInstanceOf(InvalidSignatureException.class);
    // Header names arrive in any case.
    Map<String, List<String>> upper = new LinkedHashMap<>();
    signed.headers().forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
    HttpRequestView upperCased = new HttpRequestView("POST", "/", "", upper, BODY);
    assertThatCode(() -> VERIFIER.authenticate(upperCased)).doesNotThrowAnyException();
  }

  @Test
  void shouldAcceptAnyRegionAndTheStreamsSigningName() {
    HttpRequestView euWest =
        sign(dynamoPost().build(), BODY, KEY, SECRET, "eu-west-1", "dynamodb", SIGNED_AT);
    HttpRequestView streams =
        sign(
            dynamoPost().build(),
            BODY,
            KEY,
            SECRET,
            "ap-southeast-2",
            "streams.dynamodb",
            SIGNED_AT);
    assertThatCode(() -> VERIFIER.authenticate(euWest)).doesNotThrowAnyException();
    assertThatCode(() -> VERIFIER.authenticate(streams)).doesNotThrowAnyException();
  }

  @Test
  void shouldAcceptAMatchingContentSha256Header() {
    String hash = HexFormat.of().formatHex(Crypto.sha256(BODY));
    HttpRequestView signed =
        sign(dynamoPost().putHeader("x-amz-content-sha256", hash).build(), BODY);
    assertThat(signed.header("authorization").orElseThrow()).contains("x-amz-content-sha256");
    assertThatCode(() -> VERIFIER.authenticate(signed)).doesNotThrowAnyException();
  }

  @Test
  void shouldAcceptEachConfiguredKeyWithItsOwnSecret() {
    HttpRequestView other =
        sign(
            dynamoPost().build(),
            BODY,
            "OTHERKEY",
            "other-secret",
            "us-east-1",
            "dynamodb",
            SIGNED_AT);
    assertThatCode(() -> VERIFIER.authenticate(other)).doesNotThrowAnyException();
  }

  @Test
  void shouldAcceptTimestampsUpToFifteenMinutesAway() {
    HttpRequestView request = sign(dynamoPost().build(), BODY);
    assertThatCode(() -> verifierAt(SIGNED_AT.plus(Duration.ofMinutes(15))).authenticate(request))
        .doesNotThrowAnyException();
    assertThatCode(() -> verifierAt(SIGNED_AT.minus(Duration.ofMinutes(15))).authenticate(request))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldMatchAwsPublishedTestSuiteVectors() {
    // AWS's SigV4 test suite: credentials AKIDEXAMPLE, 20150830T123600Z, us-east-1, "service".
    SigV4Verifier suite =
        new SigV4Verifier(
            Map.of("AKIDEXAMPLE", SECRET),
            Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC),
            Set.of("service"));
    String prefix =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
            + " SignedHeaders=host;x-amz-date, Signature=";
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of("example.amazonaws.com"));
    headers.put("X-Amz-Date", List.of("20150830T123600Z"));
    // get-vanilla
    headers.put(
        "Authorization",
        List.of(prefix + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
    assertThatCode(
            () -> suite.authenticate(new HttpRequestView("GET", "/", "", headers, new byte[0])))
        .doesNotThrowAnyException();
    // get-vanilla-query-order-key-case
    headers.put(
        "Authorization",
        List.of(prefix + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
    assertThatCode(
            () ->
                suite.authenticate(
                    new HttpRequestView(
                        "GET", "/", "Param2=value2&Param1=value1", headers, new byte[0])))
        .doesNotThrowAnyException();
    // The same signature does not verify another query.
    assertThatThrownBy(
            () ->
                suite.authenticate(
                    new HttpRequestView(
                        "GET", "/", "Param2=value2&Param1=value3", headers, new byte[0])))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void shouldAcceptRequestsSignedByBotocore() {
    // Signed by botocore's SigV4Auth (the signer of boto3 and the AWS CLI) at 20250115T103000Z.
    Map<String, List<String>> post = new LinkedHashMap<>();
    post.put("Host", List.of("localhost:8000"));
    post.put("X-Amz-Target", List.of("DynamoDB_20120810.GetItem"));
    post.put("Content-Type", List.of("application/x-amz-json-1.0"));
    post.put("User-Agent", List.of("Boto3/1.43"));
    post.put("X-Amz-Date", List.of("20250115T103000Z"));
    post.put("Content-Length", List.of("50"));
    post.put(
        "Authorization",
        List.of(
            "AWS4-HMAC-SHA256 Credential=AKIDTRIBUTARY/20250115/us-east-1/dynamodb/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                + " Signature=8812dd3fff9c53532c953621ce73eb777eeac8b1c22afc0217d9a4927135da9f"));
    assertThatCode(() -> VERIFIER.authenticate(new HttpRequestView("POST", "/", "", post, BODY)))
        .doesNotThrowAnyException();

    Map<String, List<String>> get = new LinkedHashMap<>();
    get.put("Host", List.of("localhost:8000"));
    get.put("X-Spaced", List.of("  lots   of   space  "));
    get.put("X-Amz-Date", List.of("20250115T103000Z"));
    get.put(
        "Authorization",
        List.of(
            "AWS4-HMAC-SHA256 Credential=AKIDTRIBUTARY/20250115/eu-central-1/streams.dynamodb/aws4_request,"
                + " SignedHeaders=host;x-amz-date;x-spaced,"
                + " Signature=eccaad6f85bed2f4ca7d1990788db242d1f4a179fe06abd140659bf7a0d1c945"));
    assertThatCode(
            () ->
                VERIFIER.authenticate(
                    new HttpRequestView(
                        "GET", "/a%20b/c", "zeta=1&alpha=x%20y&alpha=a&empty=", get, new byte[0])))
        .doesNotThrowAnyException();
  }

  // ---- rejections --------------------------------------------------------------------------

  @Test
  void shouldRejectUnknownAccessKeyAsUnrecognizedClient() {
    HttpRequestView request =
        sign(dynamoPost().build(), BODY, "AKIDUNKNOWN", SECRET, "us-east-1", "dynamodb", SIGNED_AT);
    assertRejected(
        request,
        UnrecognizedClientException.class,
        "The security token included in the request is invalid.");
  }

  @Test
  void shouldRejectWrongSecretAsInvalidSignature() {
    HttpRequestView request =
        sign(dynamoPost().build(), BODY, KEY, "not-the-secret", "us-east-1", "dynamodb", SIGNED_AT);
    assertRejected(request, InvalidSignatureException.class, MISMATCH);
  }

  @Test
  void shouldRejectTamperedBody() {
    HttpRequestView request = sign(dynamoPost().build(), BODY);
    byte[] tampered =
        new String(BODY, StandardCharsets.UTF_8)
            .replace("123", "124")
            .getBytes(StandardCharsets.UTF_8);
    assertRejected(withBody(request, tampered), InvalidSignatureException.class, MISMATCH);
  }

  @Test
  void shouldRejectTamperedBodyEvenWhenTheClaimedContentHashWasSigned() {
    String hash = HexFormat.of().formatHex(Crypto.sha256(BODY));
    HttpRequestView request =
        sign(dynamoPost().putHeader("x-amz-content-sha256", hash).build(), BODY);
    byte[] tampered =
        new String(BODY, StandardCharsets.UTF_8)
            .replace("Users", "Admin")
            .getBytes(StandardCharsets.UTF_8);
    assertRejected(withBody(request, tampered), InvalidSignatureException.class, MISMATCH);
  }

  @Test
  void shouldRejectTamperedSignature() {
    HttpRequestView request = sign(dynamoPost().build(), BODY);
    HttpRequestView flipped =
        withAuthorization(
            request, a -> a.substring(0, a.length() - 1) + (a.endsWith("0") ? "1" : "0"));
    assertRejected(flipped, InvalidSignatureException.class, MISMATCH);
    HttpRequestView notHex = withAuthorization(request, a -> a.substring(0, a.length() - 2) + "zz");
    assertRejected(notHex, InvalidSignatureException.class, MISMATCH);
  }

  @Test
  void shouldRejectTimestampMoreThanFifteenMinutesOld() {
    HttpRequestView request = sign(dynamoPost().build(), BODY);
    assertRejected(
        request,
        verifierAt(Instant.parse("2025-01-15T11:01:00Z")),
        InvalidSignatureException.class,
        "Signature expired: 20250115T103000Z is now earlier than 20250115T104600Z (20250115T110100Z - 15 min.)");
  }

  @Test
  void shouldRejectTimestampMoreThanFifteenMinutesAhead() {
    HttpRequestView request = sign(dynamoPost().build(), BODY);
    assertRejected(
        request,
        verifierAt(Instant.parse("2025-01-15T10:14:00Z")),
        InvalidSignatureException.class,
        "Signature not yet current: 20250115T103000Z is still later than 20250115T102900Z (20250115T101400Z + 15 min.)");
  }

  @Test
  void shouldRejectMissingAuthorization() {
    HttpRequestView signed = sign(dynamoPost().build(), BODY);
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.remove("authorization");
    assertRejected(
        new HttpRequestView("POST", "/", "", headers, BODY),
        MissingAuthenticationTokenException.class,
        "Request is missing Authentication Token");
  }

  @Test
  void shouldRejectMalformedAuthorizationAsIncompleteSignature() {
    HttpRequestView signed = sign(dynamoPost().build(), BODY);
    HttpRequestView noSignature =
        withAuthorization(signed, a -> a.substring(0, a.indexOf(", Signature=")));
    assertRejected(
        noSignature,
        IncompleteSignatureException.class,
        "Authorization header requires 'Signature' parameter. Authorization="
            + noSignature.header("authorization").orElseThrow());

    HttpRequestView v2Style = withHeader(signed, "Authorization", "AWS " + KEY + ":c2lnbmF0dXJl");
    assertThatThrownBy(() -> VERIFIER.authenticate(v2Style))
        .isInstanceOf(IncompleteSignatureException.class)
        .hasMessageStartingWith(
            "Authorization header requires 'Credential' parameter. Authorization header requires"
                + " 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.");

    HttpRequestView missingEquals =
        withAuthorization(signed, a -> a.replace("Credential=", "Credential "));
    assertThatThrownBy(() -> VERIFIER.authenticate(missingEquals))
        .isInstanceOf(IncompleteSignatureException.class)
        .hasMessageContaining(
            "not a valid key=value pair (missing equal-sign) in Authorization header");

    HttpRequestView shortScope =
        withAuthorization(signed, a -> a.replace("/us-east-1/dynamodb/", "/dynamodb/"));
    assertThatThrownBy(() -> VERIFIER.authenticate(shortScope))
        .isInstanceOf(IncompleteSignatureException.class)
        .hasMessageStartingWith("Credential must have exactly 5 slash-delimited elements");

    Map<String, List<String>> noDate = new LinkedHashMap<>(signed.headers());
    noDate.remove("x-amz-date");
    assertThatThrownBy(
            () -> VERIFIER.authenticate(new HttpRequestView("POST", "/", "", noDate, BODY)))
        .isInstanceOf(IncompleteSignatureException.class)
        .hasMessageContaining("requires existence of either a 'X-Amz-Date' or a 'Date' header");
  }

  @Test
  void shouldRejectCredentialScopedToAnotherServiceOrDay() {
    HttpRequestView s3 =
        sign(dynamoPost().build(), BODY, KEY, SECRET, "us-east-1", "s3", SIGNED_AT);
    assertRejected(
        s3,
        InvalidSignatureException.class,
        "Credential should be scoped to correct service: 'dynamodb'. ");
    HttpRequestView signed = sign(dynamoPost().build(), BODY);
    HttpRequestView otherDay =
        withAuthorization(signed, a -> a.replace("/20250115/", "/20250114/"));
    assertRejected(
        otherDay,
        InvalidSignatureException.class,
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:"
            + " '20250114' != '20250115', from '20250115T103000Z'.");
  }

  @Test
  void shouldRejectRequestsWhoseHostIsNotSigned() {
    HttpRequestView signed = sign(dynamoPost().build(), BODY);
    assertThat(signed.header("authorization").orElseThrow()).contains(";host;");
    HttpRequestView unsignedHost = withAuthorization(signed, a -> a.replace(";host;", ";"));
    assertRejected(
        unsignedHost,
        InvalidSignatureException.class,
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  @Test
  void allowAnyShouldAdmitUnsignedAndWronglySignedRequests() {
    RequestAuthenticator any = SigV4Verifier.allowAnyCredentials();
    HttpRequestView wrong =
        sign(dynamoPost().build(), BODY, "AKIDUNKNOWN", "nope", "us-east-1", "dynamodb", SIGNED_AT);
    assertThatCode(() -> any.authenticate(wrong)).doesNotThrowAnyException();
    assertThatCode(() -> any.authenticate(new HttpRequestView("POST", "/", "", Map.of(), BODY)))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAnEmptyKeySet() {
    assertThatThrownBy(() -> new SigV4Verifier(Map.of(), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowAnyCredentials");
  }

  @Test
  void canonicalFormsFollowTheSpecification() {
    assertThat(CanonicalRequest.canonicalQuery("b=2&a=1&a=0&c&sp=x%20y&plus=a+b"))
        .isEqualTo("a=0&a=1&b=2&c=&plus=a%2Bb&sp=x%20y");
    assertThat(CanonicalRequest.canonicalUri("")).isEqualTo("/");
    assertThat(CanonicalRequest.canonicalUri("/a/./b/../c/")).isEqualTo("/a/c/");
    assertThat(CanonicalRequest.canonicalUri("/x%20y")).isEqualTo("/x%2520y");
    assertThat(CanonicalRequest.canonicalValue(List.of("  a   b\tc  ", "d"))).isEqualTo("a b c,d");
  }

  private static void assertRejected(
      HttpRequestView request, Class<? extends DynamoDbException> type, String message) {
    assertRejected(request, VERIFIER, type, message);
  }

  private static void assertRejected(
      HttpRequestView request,
      SigV4Verifier verifier,
      Class<? extends DynamoDbException> type,
      String message) {
    List<Throwable> thrown = new ArrayList<>();
    assertThatThrownBy(() -> verifier.authenticate(request))
        .isInstanceOf(type)
        .hasMessage(message)
        .satisfies(thrown::add);
    DynamoDbException e = (DynamoDbException) thrown.get(0);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.errorCode()).isEqualTo(type.getSimpleName());
  }
}

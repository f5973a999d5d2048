package dev.tributary.engine.http.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.zip.CRC32;

/**
 * Netty responses with the headers DynamoDB sends: request id, body CRC32 (of the bytes sent, so of
 * the compressed body when compressed), {@code Date}, {@code Server}, and CORS headers for requests
 * from a browser page ({@code Origin}).
 */
final class ResponseFactory {
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final AsciiString JSON = AsciiString.cached(CONTENT_TYPE);
  private static final AsciiString REQUEST_ID = AsciiString.cached("x-amzn-RequestId");
  private static final AsciiString CRC32_HEADER = AsciiString.cached("x-amz-crc32");

  /** Every name and value below is this server's own constant or digits: nothing to validate. */
  private static final HttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private static final HttpHeadersFactory TRAILERS =
      DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

  private static final AsciiString SERVER = AsciiString.cached("Server"); // what DynamoDB sends

  /** Response headers a browser page may read; the SDK for JavaScript reads these. */
  static final String EXPOSED_HEADERS = "x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32,Date";

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  /** The Date header of the current second, formatted once per second. */
  private record DateHeader(long second, String value) {}

  private static volatile DateHeader date = new DateHeader(-1, "");

  private ResponseFactory() {}

  static FullHttpResponse build(WireResponse wire, String requestId, boolean keepAlive) {
    return build(wire.status(), wire.body(), JSON, requestId, keepAlive);
  }

  /**
   * An API response for a client that sent {@code acceptEncoding} and {@code origin} (either may be
   * null): compressed when asked and worth it, with CORS headers for a browser page.
   */
  static FullHttpResponse build(
      WireResponse wire,
      String requestId,
      boolean keepAlive,
      String acceptEncoding,
      String origin) {
    ContentCoding.Encoded e = ContentCoding.responseBody(wire.body(), acceptEncoding);
    FullHttpResponse response = build(wire.status(), e.body(), JSON, requestId, keepAlive);
    e.coding().ifPresent(c -> response.headers().set(HttpHeaderNames.CONTENT_ENCODING, c));
    cors(response, origin);
    return response;
  }

  /**
   * Allows any page to call, as DynamoDB does: credentials travel in the signature, not cookies.
   */
  static void cors(FullHttpResponse response, String origin) {
    if (origin != null) {
      response
          .headers()
          .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
          .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }
  }

  private static String date() {
    long second = System.currentTimeMillis() / 1000;
    DateHeader d = date;
    if (d.second() != second) {
      d =
          new DateHeader(
              second,
              HTTP_DATE.format(
                  ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC)));
      date = d;
    }
    return d.value();
  }

  static FullHttpResponse build(
      int status, byte[] body, CharSequence contentType, String requestId, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status == 200 ? HttpResponseStatus.OK : HttpResponseStatus.valueOf(status),
            Unpooled.wrappedBuffer(body),
            HEADERS,
            TRAILERS);
    CRC32 crc = new CRC32();
    crc.update(body);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(REQUEST_ID, requestId)
        .set(CRC32_HEADER, Long.toString(crc.getValue()))
        .set(HttpHeaderNames.DATE, date())
        .set(HttpHeaderNames.SERVER, SERVER);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }
}

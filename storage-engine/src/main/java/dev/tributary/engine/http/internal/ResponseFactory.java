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
import java.util.zip.CRC32;

/** Netty responses with the headers DynamoDB's clients read: request id and body CRC32. */
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

  private ResponseFactory() {}

  static FullHttpResponse build(WireResponse wire, String requestId, boolean keepAlive) {
    return build(wire.status(), wire.body(), JSON, requestId, keepAlive);
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
        .set(CRC32_HEADER, Long.toString(crc.getValue()));
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }
}

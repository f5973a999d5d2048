package dev.tributary.engine.http.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.zip.CRC32;

/** Netty responses with the headers DynamoDB's clients read: request id and body CRC32. */
final class ResponseFactory {
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  private ResponseFactory() {}

  static FullHttpResponse build(WireResponse wire, String requestId, boolean keepAlive) {
    return build(wire.status(), wire.body(), CONTENT_TYPE, requestId, keepAlive);
  }

  static FullHttpResponse build(
      int status, byte[] body, String contentType, String requestId, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    CRC32 crc = new CRC32();
    crc.update(body);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set("x-amzn-RequestId", requestId)
        .set("x-amz-crc32", Long.toString(crc.getValue()));
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }
}

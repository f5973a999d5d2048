package dev.tributary.worker.console.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Small HTTP helpers: answers with a body, JSON, and the request's query parameters. */
final class Web {
  static final ObjectMapper JSON = new ObjectMapper();

  private Web() {}

  /** One request, copied out of Netty's buffer so it outlives the handler call. */
  record Request(
      String method,
      String path,
      Map<String, List<String>> query,
      String body,
      Map<String, String> headers,
      String remote,
      boolean keepAlive) {
    static Request of(ChannelHandlerContext ctx, FullHttpRequest req) {
      QueryStringDecoder q = new QueryStringDecoder(req.uri());
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
      return new Request(
          req.method().name(),
          q.path(),
          q.parameters(),
          req.content().toString(StandardCharsets.UTF_8),
          headers,
          String.valueOf(ctx.channel().remoteAddress()),
          HttpUtil.isKeepAlive(req));
    }

    Optional<String> param(String name) {
      List<String> v = query.get(name);
      return v == null || v.isEmpty() || v.get(0).isEmpty()
          ? Optional.empty()
          : Optional.of(v.get(0));
    }

    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name));
    }
  }

  static void send(ChannelHandlerContext ctx, Request req, int status, String type, byte[] body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    r.headers().set("X-Content-Type-Options", "nosniff");
    r.headers().set("X-Frame-Options", "DENY");
    r.headers()
        .set(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    r.headers().set("Referrer-Policy", "same-origin");
    HttpUtil.setContentLength(r, body.length);
    HttpUtil.setKeepAlive(r, req.keepAlive());
    var f = ctx.writeAndFlush(r);
    if (!req.keepAlive()) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  static void text(ChannelHandlerContext ctx, Request req, int status, String type, String body) {
    send(ctx, req, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  static void json(ChannelHandlerContext ctx, Request req, int status, Object body) {
    try {
      send(ctx, req, status, "application/json", JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void error(ChannelHandlerContext ctx, Request req, int status, String message) {
    json(ctx, req, status, JSON.createObjectNode().put("error", message));
  }

  static void redirect(ChannelHandlerContext ctx, Request req, String to) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND);
    r.headers().set(HttpHeaderNames.LOCATION, to);
    HttpUtil.setContentLength(r, 0);
    HttpUtil.setKeepAlive(r, req.keepAlive());
    ctx.writeAndFlush(r);
  }

  /** HTML-escapes {@code s}. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}

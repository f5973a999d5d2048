package dev.tributary.engine.http.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, answered in arrival order, each run on the worker pool (a durable
 * write's response comes from the engine's commit thread once it is fsynced). (Running {@code
 * GetItem} on the event loop instead measured slower on a loaded machine: BENCHMARKS.md.) Requests
 * pipelined behind one being served wait in a small queue; when it is full the connection stops
 * reading, so a slow engine pushes back on the client instead of queueing without bound. A
 * connection that does not pipeline never toggles reading (two epoll_ctl calls per request).
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
  private static final byte[] NOT_FOUND = "Not Found".getBytes(StandardCharsets.UTF_8);

  /** Pipelined requests a connection may queue before it stops reading. */
  static final int MAX_QUEUED = 16;

  private final ServerRuntime runtime;

  /**
   * Requests that arrived (pipelined) while one was being served; touched on the event loop only.
   */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();

  private volatile boolean busy;
  private boolean paused;

  /** What a request asks for: the API, the health check, another path, a CORS preflight. */
  private enum Kind {
    API,
    HEALTH,
    NOT_FOUND,
    PREFLIGHT
  }

  /** A request to answer, with the headers its answer depends on (null when absent). */
  private record Pending(
      HttpRequestView view,
      String requestId,
      boolean keepAlive,
      Kind kind,
      String host,
      String origin,
      String acceptEncoding,
      String requestMethod,
      String requestHeaders) {}

  RequestHandler(ServerRuntime runtime) {
    this.runtime = runtime;
  }

  /** Whether a request of this connection is being served or waiting. */
  boolean busy() {
    return busy;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String requestId = RequestIds.next();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      WireResponse error =
          ErrorEncoder.encode(WireException.serialization("Malformed HTTP request"), requestId);
      pending.clear();
      ctx.writeAndFlush(ResponseFactory.build(error, requestId, false))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    HttpMethod method = request.method();
    Kind kind;
    if (HttpMethod.OPTIONS.equals(method)) {
      kind = Kind.PREFLIGHT; // answered without authentication: browsers send no credentials
    } else if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
      String uri = request.uri();
      int q = uri.indexOf('?');
      kind = (q < 0 ? uri : uri.substring(0, q)).equals("/") ? Kind.HEALTH : Kind.NOT_FOUND;
    } else {
      kind = Kind.API;
    }
    var h = request.headers();
    Pending p =
        new Pending(
            kind == Kind.API ? view(request) : null,
            requestId,
            keepAlive,
            kind,
            h.get(HttpHeaderNames.HOST),
            h.get(HttpHeaderNames.ORIGIN),
            h.get(HttpHeaderNames.ACCEPT_ENCODING),
            h.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD),
            h.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS));
    if (busy) {
      pending.add(p);
      if (pending.size() >= MAX_QUEUED && !paused) {
        paused = true;
        ctx.channel().config().setAutoRead(false);
      }
    } else {
      serve(ctx, p);
    }
  }

  private void serve(ChannelHandlerContext ctx, Pending p) {
    busy = true;
    runtime.begin();
    if (p.kind() != Kind.API) {
      write(ctx, plainResponse(p), p.keepAlive());
      return;
    }
    try {
      runtime.workers().execute(() -> respond(ctx, p));
    } catch (RejectedExecutionException e) {
      WireResponse busyResponse =
          ErrorEncoder.encode(
              new WireException(
                  "ThrottlingException", 400, "Rate of requests exceeds the allowed throughput."),
              p.requestId());
      write(ctx, ResponseFactory.build(busyResponse, p.requestId(), p.keepAlive()), p.keepAlive());
    }
  }

  // Runs on a worker; a durable write's response is written from the engine's commit thread.
  private void respond(ChannelHandlerContext ctx, Pending p) {
    runtime
        .dispatcher()
        .dispatch(p.view(), p.requestId())
        .thenAccept(
            response ->
                write(
                    ctx,
                    ResponseFactory.build(
                        response,
                        p.requestId(),
                        p.keepAlive() && !runtime.draining(),
                        p.acceptEncoding(),
                        p.origin()),
                    p.keepAlive()))
        .exceptionally(
            e -> {
              LOG.warn(
                  "Closing connection {}: cannot answer request {}",
                  ctx.channel().remoteAddress(),
                  p.requestId(),
                  e);
              runtime.end();
              ctx.close(); // the requests queued behind it go with the connection
              return null;
            });
  }

  /** The health check ({@code GET /}: DynamoDB's "healthy: host"), other paths, CORS preflights. */
  private static FullHttpResponse plainResponse(Pending p) {
    FullHttpResponse r;
    switch (p.kind()) {
      case HEALTH -> {
        byte[] body =
            ("healthy: " + (p.host() == null ? "localhost" : p.host()))
                .getBytes(StandardCharsets.UTF_8);
        r = ResponseFactory.build(200, body, "text/plain", p.requestId(), p.keepAlive());
      }
      case PREFLIGHT -> {
        r = ResponseFactory.build(200, new byte[0], "text/plain", p.requestId(), p.keepAlive());
        if (p.origin() != null) {
          r.headers()
              .set(
                  HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS,
                  p.requestMethod() != null ? p.requestMethod() : "GET, POST, OPTIONS")
              .set(
                  HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                  p.requestHeaders() != null ? p.requestHeaders() : "*")
              .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
        }
      }
      default ->
          r = ResponseFactory.build(404, NOT_FOUND, "text/plain", p.requestId(), p.keepAlive());
    }
    ResponseFactory.cors(r, p.origin());
    return r;
  }

  private void write(ChannelHandlerContext ctx, Object response, boolean keepAlive) {
    boolean close = !keepAlive || runtime.draining();
    ChannelFuture f = ctx.writeAndFlush(response);
    if (ctx.executor().inEventLoop() && f.isDone()) {
      written(ctx, f, close); // written at once: no listener to allocate and call back
    } else {
      f.addListener(done -> written(ctx, (ChannelFuture) done, close));
    }
  }

  private void written(ChannelHandlerContext ctx, ChannelFuture done, boolean close) {
    runtime.end();
    if (close || !done.isSuccess()) {
      pending.clear();
      busy = false;
      ctx.close();
    } else if (!pending.isEmpty()) {
      serve(ctx, pending.poll());
    } else {
      busy = false;
      if (paused) {
        paused = false;
        ctx.channel().config().setAutoRead(true);
        ctx.read();
      }
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent && !busy) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  private static HttpRequestView view(FullHttpRequest request) {
    String uri = request.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    String query = q < 0 ? "" : uri.substring(q + 1);
    Map<String, List<String>> headers = new HashMap<>();
    for (Map.Entry<String, String> h : request.headers()) {
      headers
          .computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
          .add(h.getValue());
    }
    return HttpRequestView.lowerCasedHeaders(
        request.method().name(), path, query, headers, ByteBufUtil.getBytes(request.content()));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Closing connection {} after an I/O error", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}

package dev.tributary.worker.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The worker's small HTTP server (Netty, one thread): {@code GET /health/live}, {@code
 * /health/ready} (200 or 503, with a JSON body saying why), {@code /metrics} (Prometheus text), and
 * {@code POST /admin/replay}, which runs {@code tributary replay} inside the worker (off the event
 * loop), where the handler's files (an email ledger) are already open.
 *
 * <p>The admin route answers only requests that carry {@link #ADMIN_HEADER} and a JSON body: a
 * browser sends neither cross-site without a preflight, which this server does not answer.
 */
public final class HttpEndpoints implements AutoCloseable {
  /** What a health check answers: up or not, and a JSON document with the details. */
  public record Health(boolean up, String json) {}

  /** An admin action's answer: an HTTP status and a JSON body. */
  public record Reply(int status, String json) {}

  /**
   * More routes under a path prefix (the console under {@code /console}), answered by the handler
   * itself on the server's event loop: it may answer at once, later, or stream (Server-Sent
   * Events). The request is released when {@link #handle} returns; copy what is needed later.
   */
  public interface Extension {
    /** The prefix this extension serves, such as {@code /console}. */
    String prefix();

    void handle(ChannelHandlerContext ctx, FullHttpRequest request);
  }

  /** The header an admin request must carry (any value): the command line sends it. */
  public static final String ADMIN_HEADER = "X-Tributary-Request";

  private final EventLoopGroup group;
  private final Channel channel;

  private HttpEndpoints(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  public static HttpEndpoints start(
      String host,
      int port,
      Supplier<Health> live,
      Supplier<Health> ready,
      Supplier<String> metrics) {
    return start(
        host,
        port,
        live,
        ready,
        metrics,
        body -> new Reply(404, "{\"error\":\"no admin actions here\"}"));
  }

  /**
   * As above, with {@code POST /admin/replay} answered by {@code replay} (given the request body).
   */
  public static HttpEndpoints start(
      String host,
      int port,
      Supplier<Health> live,
      Supplier<Health> ready,
      Supplier<String> metrics,
      Function<String, Reply> replay) {
    return start(host, port, live, ready, metrics, replay, List.of());
  }

  /** As above, with {@code extensions} answering under their prefixes. */
  public static HttpEndpoints start(
      String host,
      int port,
      Supplier<Health> live,
      Supplier<Health> ready,
      Supplier<String> metrics,
      Function<String, Reply> replay,
      List<Extension> extensions) {
    return start(
        host, port, live, ready, metrics, replay, extensions, hostHeader -> Optional.empty());
  }

  /**
   * As above, with admin requests refused (403, the reason as plain text) when {@code
   * adminHostRefusal}, given the request's {@code Host} header ("" when none), gives a reason: a
   * web page whose domain is made to resolve to this machine (DNS rebinding) is same-origin with
   * itself and may send the admin header. Health and metrics answer any {@code Host}.
   */
  public static HttpEndpoints start(
      String host,
      int port,
      Supplier<Health> live,
      Supplier<Health> ready,
      Supplier<String> metrics,
      Function<String, Reply> replay,
      List<Extension> extensions,
      Function<String, Optional<String>> adminHostRefusal) {
    Map<String, Supplier<FullHttpResponse>> routes =
        Map.of(
            "/health/live", () -> health(live.get()),
            "/health/ready", () -> health(ready.get()),
            "/metrics",
                () ->
                    response(
                        HttpResponseStatus.OK,
                        "text/plain; version=0.0.4; charset=utf-8",
                        metrics.get()));
    EventLoopGroup group =
        new NioEventLoopGroup(
            1,
            r -> {
              Thread t = new Thread(r, "tributary-http");
              t.setDaemon(true);
              return t;
            });
    try {
      Channel ch =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline()
                          .addLast(
                              new HttpServerCodec(),
                              new HttpObjectAggregator(65_536),
                              new Router(routes, replay, extensions, adminHostRefusal));
                    }
                  })
              .bind(new InetSocketAddress(host, port))
              .syncUninterruptibly()
              .channel();
      return new HttpEndpoints(group, ch);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "cannot serve health and metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  private static FullHttpResponse health(Health h) {
    return response(
        h.up() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
        "application/json",
        h.json());
  }

  private static FullHttpResponse response(HttpResponseStatus status, String type, String body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    HttpUtil.setContentLength(r, r.content().readableBytes());
    return r;
  }

  private static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Map<String, Supplier<FullHttpResponse>> routes;
    private final Function<String, Reply> replay;
    private final List<Extension> extensions;
    private final Function<String, Optional<String>> adminHostRefusal;

    Router(
        Map<String, Supplier<FullHttpResponse>> routes,
        Function<String, Reply> replay,
        List<Extension> extensions,
        Function<String, Optional<String>> adminHostRefusal) {
      this.routes = routes;
      this.replay = replay;
      this.extensions = extensions;
      this.adminHostRefusal = adminHostRefusal;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = new QueryStringDecoder(req.uri()).path();
      if (path.equals("/admin/replay")) {
        admin(ctx, req);
        return;
      }
      for (Extension e : extensions) {
        if (path.equals(e.prefix()) || path.startsWith(e.prefix() + "/")) {
          e.handle(ctx, req);
          return;
        }
      }
      Supplier<FullHttpResponse> route = routes.get(path);
      FullHttpResponse r;
      if (route == null) {
        r =
            response(
                HttpResponseStatus.NOT_FOUND,
                "text/plain",
                "not found; try /health/live, /health/ready, /metrics, /console/\n");
      } else if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
        r = response(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
      } else {
        try {
          r = route.get();
        } catch (RuntimeException e) {
          r = response(HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", e + "\n");
        }
      }
      send(ctx, r, HttpUtil.isKeepAlive(req));
    }

    /** Runs the action on its own thread; a replay takes seconds to minutes. */
    private void admin(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      String type = String.valueOf(req.headers().get(HttpHeaderNames.CONTENT_TYPE));
      if (!req.method().equals(HttpMethod.POST)) {
        send(
            ctx,
            response(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "POST only\n"),
            keepAlive);
        return;
      }
      Optional<String> badHost =
          adminHostRefusal.apply(req.headers().get(HttpHeaderNames.HOST, ""));
      if (badHost.isPresent()) {
        send(
            ctx,
            response(
                HttpResponseStatus.FORBIDDEN, "text/plain; charset=utf-8", badHost.get() + "\n"),
            keepAlive);
        return;
      }
      if (!req.headers().contains(ADMIN_HEADER) || !type.startsWith("application/json")) {
        send(
            ctx,
            response(
                HttpResponseStatus.FORBIDDEN,
                "text/plain",
                "admin requests need a JSON body and the " + ADMIN_HEADER + " header\n"),
            keepAlive);
        return;
      }
      String body = req.content().toString(StandardCharsets.UTF_8);
      Thread t =
          new Thread(
              () -> {
                Reply reply;
                try {
                  reply = replay.apply(body);
                } catch (RuntimeException e) {
                  reply = new Reply(500, "{\"error\":" + quoted(e.toString()) + "}");
                }
                send(
                    ctx,
                    response(
                        HttpResponseStatus.valueOf(reply.status()),
                        "application/json",
                        reply.json()),
                    keepAlive);
              },
              "tributary-admin-replay");
      t.setDaemon(true);
      t.start();
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
      HttpUtil.setKeepAlive(r, keepAlive);
      var f = ctx.writeAndFlush(r);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }

    private static String quoted(String s) {
      return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}

package dev.tributary.engine.http.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: each is handed to the worker pool, and the connection reads nothing
 * more until its response is written, so responses keep request order and a slow engine call
 * pushes back on the client instead of queueing without bound.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);
  private static final byte[] HEALTHY = "healthy: tributary engine".getBytes(StandardCharsets.UTF_8);

  private final ServerRuntime runtime;
  /** Requests that arrived (pipelined) while one was being served; touched on the event loop only. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private volatile boolean busy;

  private record Pending(HttpRequestView view, String requestId, boolean keepAlive, boolean health) {}

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
      WireResponse error = ErrorEncoder.encode(
          WireException.serialization("Malformed HTTP request"), requestId);
      pending.clear();
      ctx.writeAndFlush(ResponseFactory.build(error, requestId, false))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    boolean health = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
    Pending p = new Pending(health ? null : view(request), requestId, keepAlive, health);
    if (busy) {
      pending.add(p);
    } else {
      serve(ctx, p);
    }
  }

  private void serve(ChannelHandlerContext ctx, Pending p) {
    busy = true;
    runtime.begin();
    ctx.channel().config().setAutoRead(false);
    if (p.health()) {
      write(ctx, ResponseFactory.build(200, HEALTHY, "text/plain", p.requestId(), p.keepAlive()), p.keepAlive());
      return;
    }
    try {
      runtime.workers().execute(() -> {
        WireResponse response = runtime.dispatcher().dispatch(p.view(), p.requestId());
        write(ctx, ResponseFactory.build(response, p.requestId(), p.keepAlive() && !runtime.draining()),
            p.keepAlive());
      });
    } catch (RejectedExecutionException e) {
      WireResponse busyResponse = ErrorEncoder.encode(
          new WireException("ThrottlingException", 400, "Rate of requests exceeds the allowed throughput."),
          p.requestId());
      write(ctx, ResponseFactory.build(busyResponse, p.requestId(), p.keepAlive()), p.keepAlive());
    }
  }

  private void write(ChannelHandlerContext ctx, Object response, boolean keepAlive) {
    boolean close = !keepAlive || runtime.draining();
    ChannelFuture f = ctx.writeAndFlush(response);
    f.addListener(done -> {
      runtime.end();
      if (close || !done.isSuccess()) {
        pending.clear();
        busy = false;
        ctx.close();
      } else if (!pending.isEmpty()) {
        serve(ctx, pending.poll());
      } else {
        busy = false;
        ctx.channel().config().setAutoRead(true);
        ctx.read();
      }
    });
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
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : request.headers()) {
      headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue());
    }
    return new HttpRequestView(
        request.method().name(), path, query, headers, ByteBufUtil.getBytes(request.content()));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Closing connection {} after an I/O error", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}

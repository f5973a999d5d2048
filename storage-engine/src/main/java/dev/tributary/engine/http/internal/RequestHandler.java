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
  private volatile boolean busy;

  RequestHandler(ServerRuntime runtime) {
    this.runtime = runtime;
  }

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
      ctx.writeAndFlush(ResponseFactory.build(error, requestId, false))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method())) {
      write(ctx, ResponseFactory.build(200, HEALTHY, "text/plain", requestId, keepAlive), keepAlive, false);
      return;
    }
    HttpRequestView view = view(request);
    busy = true;
    runtime.begin();
    ctx.channel().config().setAutoRead(false);
    try {
      runtime.workers().execute(() -> {
        WireResponse response = runtime.dispatcher().dispatch(view, requestId);
        write(ctx, ResponseFactory.build(response, requestId, keepAlive && !runtime.draining()),
            keepAlive, true);
      });
    } catch (RejectedExecutionException e) {
      WireResponse busyResponse = ErrorEncoder.encode(
          new WireException("ThrottlingException", 400, "Rate of requests exceeds the allowed throughput."),
          requestId);
      write(ctx, ResponseFactory.build(busyResponse, requestId, keepAlive), keepAlive, true);
    }
  }

  private void write(ChannelHandlerContext ctx, Object response, boolean keepAlive, boolean counted) {
    boolean close = !keepAlive || runtime.draining();
    ChannelFuture f = ctx.writeAndFlush(response);
    f.addListener(done -> {
      if (counted) {
        busy = false;
        runtime.end();
      }
      if (close || !done.isSuccess()) {
        ctx.close();
      } else if (counted) {
        ctx.channel().config().setAutoRead(true);
        ctx.read();
      }
    });
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

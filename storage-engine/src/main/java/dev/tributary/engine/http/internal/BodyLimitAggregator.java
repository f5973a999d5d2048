package dev.tributary.engine.http.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates a request into one {@code FullHttpRequest}, answering an oversized one with DynamoDB's
 * error. When the size is known up front (Content-Length) and the client keeps the connection
 * alive, the body is discarded and the connection stays usable; otherwise it is closed after the
 * answer, as nothing else can be done with half a body.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
  private final int maxBodyBytes;

  BodyLimitAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    boolean close = oversized instanceof FullHttpMessage || !HttpUtil.isKeepAlive(oversized);
    String requestId = RequestIds.next();
    WireResponse error = ErrorEncoder.encode(WireException.tooLarge(maxBodyBytes), requestId);
    var response = ResponseFactory.build(error, requestId, !close);
    if (close) {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }
}

package dev.tributary.worker.console.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Events response, open until the browser goes away: {@link #send} writes one event
 * from any thread and says whether the browser is still there.
 */
final class EventStream {
  private final Channel channel;

  private EventStream(Channel channel) {
    this.channel = channel;
  }

  static EventStream open(ChannelHandlerContext ctx) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    HttpUtil.setTransferEncodingChunked(r, true);
    ctx.writeAndFlush(r);
    EventStream s = new EventStream(ctx.channel());
    s.comment("open");
    return s;
  }

  /** Writes {@code data} (one line of JSON) as event {@code name}; false once the browser left. */
  boolean send(String name, String data) {
    return write("event: " + name + "\ndata: " + data.replace("\n", "\ndata: ") + "\n\n");
  }

  /** A comment line, which keeps proxies from closing an idle stream. */
  boolean comment(String text) {
    return write(": " + text + "\n\n");
  }

  boolean open() {
    return channel.isActive();
  }

  void onClose(Runnable r) {
    channel.closeFuture().addListener(f -> r.run());
  }

  void close() {
    channel.close();
  }

  private boolean write(String s) {
    if (!channel.isActive()) {
      return false;
    }
    channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8)));
    return true;
  }
}

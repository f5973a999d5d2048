package dev.tributary.engine.http.internal;

import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.ServerOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty HTTP/1.1 server behind {@link dev.tributary.engine.http.EngineServer}. */
public final class NettyServer {
  private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);

  /** The server's lifecycle; changed only by compare-and-set. */
  public enum State {
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
  private final ServerOptions options;
  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final ExecutorService workers;
  private final ServerRuntime runtime;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel serverChannel;
  private final URI endpoint;

  private NettyServer(
      TributaryEngine engine,
      ServerOptions options,
      RequestAuthenticator auth,
      StreamsOperations streams) {
    this.options = options;
    SslContext ssl = options.keyStore().isPresent() ? sslContext(options) : null;
    int workerThreads = options.workerThreads().orElse(ServerOptions.defaultWorkerThreads());
    this.workers =
        new ThreadPoolExecutor(
            workerThreads,
            workerThreads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1024, workerThreads * 64)),
            new DefaultThreadFactory("tributary-engine-worker", true));
    this.runtime = new ServerRuntime(new ApiDispatcher(engine, auth, streams), workers);
    boolean epoll = Epoll.isAvailable();
    this.boss = eventLoops(epoll, 1, "tributary-http-accept");
    this.io = eventLoops(epoll, options.ioThreads(), "tributary-http-io");
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, io)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ChannelPipeline p = ch.pipeline();
                    if (ssl != null) {
                      p.addLast("tls", ssl.newHandler(ch.alloc()));
                    }
                    p.addLast(
                        "idle",
                        new IdleStateHandler(
                            0, 0, options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                    // DynamoDB limits the request line and the headers to 16 KB each
                    p.addLast("codec", new HttpServerCodec(16 * 1024, 16 * 1024, 64 * 1024));
                    p.addLast("aggregator", new BodyLimitAggregator(options.maxBodyBytes()));
                    p.addLast("handler", new RequestHandler(runtime));
                  }
                });
    try {
      this.serverChannel = bootstrap.bind(options.host(), options.port()).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdownResources();
      throw new IllegalStateException(
          "Interrupted while binding " + options.host() + ":" + options.port(), e);
    } catch (RuntimeException e) {
      shutdownResources();
      throw new IllegalStateException(
          "Cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    }
    int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    this.endpoint = URI.create((ssl != null ? "https" : "http") + "://" + host + ":" + port);
    LOG.info(
        "Serving DynamoDB's protocol on {} ({} transport, {} worker threads)",
        endpoint,
        epoll ? "epoll" : "NIO",
        workerThreads);
  }

  private static EventLoopGroup eventLoops(boolean epoll, int threads, String name) {
    DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
    return epoll
        ? new EpollEventLoopGroup(threads, factory)
        : new NioEventLoopGroup(threads, factory);
  }

  public static NettyServer start(
      TributaryEngine engine,
      ServerOptions options,
      RequestAuthenticator auth,
      StreamsOperations streams) {
    return new NettyServer(engine, options, auth, streams);
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public URI endpoint() {
    return endpoint;
  }

  public State state() {
    return state.get();
  }

  /** Stop accepting, finish in-flight requests (up to the shutdown timeout), close everything. */
  public void close() {
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
      return;
    }
    try {
      serverChannel.close().syncUninterruptibly();
      for (Channel c : connections) {
        RequestHandler h = c.pipeline().get(RequestHandler.class);
        if (h == null || !h.busy()) {
          c.close();
        }
      }
      if (!runtime.drain(options.shutdownTimeout())) {
        LOG.warn(
            "Requests still in flight after {}; closing their connections",
            options.shutdownTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      shutdownResources();
      state.set(State.STOPPED);
    }
  }

  private void shutdownResources() {
    workers.shutdownNow();
    io.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private static SslContext sslContext(ServerOptions options) {
    char[] password = options.keyStorePassword();
    try {
      KeyStore store = loadKeyStore(options, password);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      return SslContextBuilder.forServer(kmf).build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Cannot use keystore " + options.keyStore().get() + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore loadKeyStore(ServerOptions options, char[] password)
      throws IOException, GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String type : new String[] {"PKCS12", "JKS"}) {
      try (InputStream in = Files.newInputStream(options.keyStore().get())) {
        KeyStore store = KeyStore.getInstance(type);
        store.load(in, password);
        return store;
      } catch (GeneralSecurityException e) {
        last = e;
      } catch (IOException e) {
        if (type.equals("JKS")) {
          throw e;
        }
      }
    }
    throw last == null ? new KeyStoreFormatException() : last;
  }

  private static final class KeyStoreFormatException extends GeneralSecurityException {
    KeyStoreFormatException() {
      super("not a JKS or PKCS12 keystore");
    }
  }
}

package far;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.AsciiString;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/**
 * An HTTP server that answers every request with {@code peer=IP:PORT proto=P}: HTTP/1.1 and h2c (by upgrade) in
 * cleartext; with a key store, TLS with h2 or HTTP/1.1 chosen by ALPN.
 */
final class WebServer {
  private final Channel channel;

  private WebServer(Channel channel) {
    this.channel = channel;
  }

  static WebServer start(InetSocketAddress bind, String keyStore, String password) throws Exception {
    SslContext tls = keyStore == null ? null : tls(keyStore, password);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()), new Alpn());
            } else {
              cleartext(ch.pipeline());
            }
          }
        })
        .bind(bind).sync().channel();
    return new WebServer(channel);
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  private static SslContext tls(String keyStore, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keyStore)) {
      store.load(in, password.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password.toCharArray());
    return SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK)
        .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
        .build();
  }

  private static void cleartext(ChannelPipeline pipeline) {
    HttpServerCodec codec = new HttpServerCodec();
    pipeline.addLast(codec, new HttpServerUpgradeHandler(codec, protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(
                new StreamInitializer("h2c")))
            : null));
    pipeline.addLast(new HttpObjectAggregator(65536), new Http1Handler("HTTP/1.1"));
  }

  private static String peer(SocketAddress address) {
    InetSocketAddress from = (InetSocketAddress) address;
    return "peer=" + from.getAddress().getHostAddress() + ":" + from.getPort();
  }

  private static final class Alpn extends ApplicationProtocolNegotiationHandler {
    Alpn() {
      super(ApplicationProtocolNames.HTTP_1_1);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
            new Http2MultiplexHandler(new StreamInitializer("h2")));
      } else {
        ctx.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
            new Http1Handler("HTTP/1.1 over TLS"));
      }
    }
  }

  private static final class Http1Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final String proto;

    Http1Handler(String proto) {
      this.proto = proto;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      ByteBuf body = Unpooled.copiedBuffer(peer(ctx.channel().remoteAddress()) + " proto=" + proto + "\n",
          StandardCharsets.UTF_8);
      FullHttpResponse response =
          new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, body);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      HttpUtil.setContentLength(response, body.readableBytes());
      HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
      ctx.writeAndFlush(response);
    }
  }

  private static final class StreamInitializer extends ChannelInitializer<Channel> {
    private final String proto;

    StreamInitializer(String proto) {
      this.proto = proto;
    }

    @Override
    protected void initChannel(Channel stream) {
      stream.pipeline().addLast(new SimpleChannelInboundHandler<Http2StreamFrame>() {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
          if (frame instanceof Http2HeadersFrame headers && headers.isEndStream()) {
            String text = peer(ctx.channel().parent().remoteAddress()) + " proto=" + proto + "\n";
            ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")));
            ctx.writeAndFlush(new DefaultHttp2DataFrame(
                Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), true));
          }
        }
      });
    }
  }
}

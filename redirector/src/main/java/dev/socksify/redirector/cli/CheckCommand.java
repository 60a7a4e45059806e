package dev.socksify.redirector.cli;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.netty.NettyChainConnector;
import dev.socksify.chain.netty.NettyTunnel;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.Future;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validates the config, then tries each hop of each chain: hop 1 directly, hop N through hops 1..N-1 (so"
          + " every hop but the last also proves it speaks its protocol). --target tries the whole chain to a"
          + " destination. Needs no root and installs nothing."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ChainOptions chain;

  @Option(names = "--target", paramLabel = "HOST:PORT",
      description = "Also connect through each whole chain to this destination.")
  String target;

  @Override
  public Integer call() throws InterruptedException {
    if (!chain.given()) {
      throw new ParameterException(spec.commandLine(), "check needs --config FILE or --proxy URL (repeated)");
    }
    InetSocketAddress destination = target == null ? null : parseTarget(target);
    SocksifyConfig config = chain.load();
    PrintWriter out = spec.commandLine().getOut();
    out.println("config " + config.source() + ": ok, " + config.chains().size() + " chain(s), default chain "
        + config.defaultChain().name());
    config.warnings().forEach(w -> out.println("warning: " + w));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    boolean allOk = true;
    try {
      Bootstrap bootstrap = new Bootstrap().group(group).channel(EpollSocketChannel.class);
      NettyChainConnector connector = new NettyChainConnector(bootstrap);
      for (Chain c : config.chains().values()) {
        out.println("chain " + c.name() + " (" + c.mode() + "):");
        for (int k = 1; k <= c.hops().size(); k++) {
          allOk &= probeHop(out, bootstrap, connector, c, k);
        }
        if (destination != null) {
          allOk &= probe(out, connector, c, destination, "  whole chain -> " + Addresses.format(destination));
        }
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await();
    }
    if (destination == null) {
      out.println("(the last hop's own protocol is only exercised with --target HOST:PORT)");
    }
    out.flush();
    return allOk ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }

  private boolean probeHop(PrintWriter out, Bootstrap bootstrap, NettyChainConnector connector, Chain c, int k)
      throws InterruptedException {
    Hop hop = c.hops().get(k - 1);
    String label = "  hop " + k + " " + hop;
    if (k > 1) {
      Chain before = Chain.strict(c.name() + "[1-" + (k - 1) + "]", c.hops().subList(0, k - 1));
      return probe(out, connector, before, hop.address(), label + " through hops 1-" + (k - 1));
    }
    ChannelFuture connect = bootstrap.clone()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) hop.timeouts().connect().toMillis())
        .handler(new ChannelInboundHandlerAdapter())
        .connect(hop.address().isUnresolved()
            ? new InetSocketAddress(hop.host(), hop.port()) : hop.address());
    connect.await();
    if (connect.isSuccess()) {
      connect.channel().close();
      out.println(label + ": reachable");
      return true;
    }
    out.println(label + ": NOT reachable: " + message(connect.cause()));
    return false;
  }

  private static boolean probe(PrintWriter out, NettyChainConnector connector, Chain through,
      InetSocketAddress to, String label) throws InterruptedException {
    Future<NettyTunnel> attempt = connector.connect(through, to, new ChannelInboundHandlerAdapter());
    attempt.await();
    if (attempt.isSuccess()) {
      Channel channel = attempt.getNow().channel();
      channel.close();
      out.println(label + ": reachable");
      return true;
    }
    out.println(label + ": NOT reachable: " + message(attempt.cause()));
    return false;
  }

  private InetSocketAddress parseTarget(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ParameterException(spec.commandLine(), "--target must be HOST:PORT, not '" + text + "'");
    }
    String host = text.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--target port is not a number: '" + text + "'");
    }
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--target port out of range 1-65535: " + port);
    }
    return Addresses.parseLiteralOrUnresolved(host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
        port);
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}

package dev.socksify.redirector.daemon;

import dev.socksify.chain.Addresses;
import dev.socksify.redirector.Log;
import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.Cidr;
import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallBackend;
import dev.socksify.redirector.firewall.FirewallException;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.privilege.Capability;
import dev.socksify.redirector.privilege.PrivilegeDrop;
import dev.socksify.redirector.privilege.RunAsUser;
import dev.socksify.redirector.relay.FlowPolicy;
import dev.socksify.redirector.relay.RedirectListener;
import dev.socksify.redirector.relay.UpstreamChannels;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The daemon's life: clean up after a crashed run, bind the listeners, install the rules, drop root, relay until
 * SIGINT/SIGTERM, remove the rules. All of it runs on the thread that calls {@link #run}, because after the
 * privilege drop only that thread (and threads it starts) holds CAP_NET_ADMIN — see {@link PrivilegeDrop}. The
 * shutdown hook therefore only asks that thread to stop and waits for it to finish removing the rules.
 */
public final class Redirector {
  /** How long the shutdown hook waits for the rules to be removed before letting the JVM go. */
  private static final long CLEANUP_WAIT_SECONDS = 20;

  private final DaemonOptions settings;
  private final Function<UpstreamChannels, FlowPolicy> routing;
  private final CommandRunner runner = new CommandRunner();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook = new Thread(this::onSignal, "socksify-shutdown");

  /**
   * @param routing builds the flow policy once the own-traffic mark is known (the upstream sockets carry it)
   */
  public Redirector(DaemonOptions settings, Function<UpstreamChannels, FlowPolicy> routing) {
    this.settings = settings;
    this.routing = routing;
  }

  /** Asks a running {@link #run} to stop (as SIGTERM does). */
  public void stop() {
    stopRequested.countDown();
  }

  /**
   * Starts, relays until stopped, and removes the rules before returning.
   *
   * @throws StartupException if it cannot start; whatever it had installed is removed first
   */
  public void run() throws StartupException {
    Runtime.getRuntime().addShutdownHook(hook);
    FirewallBackend backend = settings.backend().create(runner);
    EventLoopGroup boss = null;
    EventLoopGroup workers = null;
    RedirectListener listener = null;
    boolean installed = false;
    try {
      checkCanRun(backend);
      removeLeftovers();
      UpstreamChannels upstreams = new UpstreamChannels(settings.mark());
      FlowPolicy policy = routing.apply(upstreams);
      boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("socksify-accept"),
          EpollIoHandler.newFactory());
      // worker threads start lazily; they are started below, after the drop, so they inherit CAP_NET_ADMIN
      workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
          new DefaultThreadFactory("socksify-relay"), EpollIoHandler.newFactory());
      listener = bind(boss, workers, policy);
      FirewallPlan plan = plan(listener);
      backend.install(plan);
      installed = true;
      Log.info("installed " + backend.name() + " rules (" + (plan.ipv6() ? "IPv4 and IPv6" : "IPv4 only")
          + "): TCP -> 127.0.0.1" + (plan.ipv6() ? " and [::1]" : "") + ":" + plan.port()
          + ", own traffic marked " + plan.markHex() + ", not redirected: loopback, local addresses"
          + (plan.excludes().isEmpty() ? "" : ", " + plan.excludes()));
      dropPrivileges();
      checkMark(upstreams);
      for (EventExecutor worker : workers) {
        worker.submit(() -> { }).syncUninterruptibly();
      }
      listener.open();
      Log.info("ready: redirecting this host's TCP"
          + (settings.gatewayInterfaces().isEmpty() ? "" : " and forwarded IPv4 TCP from "
              + settings.gatewayInterfaces()));
      stopRequested.await();
      Log.info("stopping");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (StartupException e) {
      throw e;
    } catch (Exception e) {
      throw new StartupException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } finally {
      if (listener != null) {
        listener.close();
      }
      if (installed) {
        removeRules(backend);
      }
      if (workers != null) {
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      }
      if (boss != null) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      }
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what is running now; it returns once 'finished' is counted down
      }
    }
  }

  private void onSignal() {
    stopRequested.countDown();
    try {
      if (!finished.await(CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        System.err.println("socksify: rules were not removed within " + CLEANUP_WAIT_SECONDS
            + " s; the next start or `scripts/redirector rules --remove` removes them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkCanRun(FirewallBackend backend) throws StartupException {
    if (!Epoll.isAvailable()) {
      throw new StartupException("Netty epoll is not available here: " + Epoll.unavailabilityCause());
    }
    if (!PrivilegeDrop.isRoot()) {
      throw new StartupException("run needs root to install firewall rules (try sudo)");
    }
    for (String tool : backend.tools()) {
      if (!runner.has(tool)) {
        throw new StartupException(tool + " not found; install it or choose the other --backend");
      }
    }
    for (String iface : settings.gatewayInterfaces()) {
      Path sysctl = Path.of("/proc/sys/net/ipv4/conf", iface, "route_localnet");
      String value;
      try {
        value = Files.readString(sysctl).strip();
      } catch (IOException e) {
        throw new StartupException("gateway interface " + iface + " does not exist (" + sysctl + ")");
      }
      if (!value.equals("1")) {
        throw new StartupException("gateway mode on " + iface + " needs net.ipv4.conf." + iface
            + ".route_localnet=1 so forwarded clients can reach the loopback listener (see"
            + " native-config/sysctl/90-socksify-gateway.conf): sysctl -w net.ipv4.conf." + iface
            + ".route_localnet=1");
      }
    }
  }

  private void removeLeftovers() throws FirewallException {
    for (FirewallBackend any : Backend.all(runner)) {
      List<String> found = any.installed();
      if (!found.isEmpty()) {
        Log.warn("removing rules left by an earlier run: " + String.join("; ", found));
        any.removeAll();
      }
    }
  }

  private RedirectListener bind(EventLoopGroup boss, EventLoopGroup workers, FlowPolicy policy) throws Exception {
    try {
      return RedirectListener.bind(boss, workers, settings.port(), true, policy, settings.splice());
    } catch (Exception e) {
      if (!isIpv6Unavailable(e)) {
        throw new StartupException("cannot listen on port " + settings.port() + ": " + e.getMessage(), e);
      }
      Log.warn("IPv6 is not available here (" + e.getMessage() + "): redirecting IPv4 only");
      return RedirectListener.bind(boss, workers, settings.port(), false, policy, settings.splice());
    }
  }

  private static boolean isIpv6Unavailable(Exception e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("Cannot assign requested address") || message.contains("Address family not supported");
  }

  private FirewallPlan plan(RedirectListener listener) throws StartupException {
    Set<Cidr> excludes = new LinkedHashSet<>(settings.excludes());
    for (Chain chain : settings.chains()) {
      for (Hop hop : chain.hops()) {
        excludes.addAll(hopAddresses(hop));
      }
    }
    List<Integer> uids = new ArrayList<>();
    for (String user : settings.excludeUsers()) {
      try {
        uids.add(RunAsUser.lookup(user).uid());
      } catch (IllegalArgumentException e) {
        throw new StartupException("exclude-user: " + e.getMessage());
      }
    }
    return new FirewallPlan(listener.port(), settings.mark(), List.copyOf(excludes), uids,
        settings.gatewayInterfaces(), listener.ipv6());
  }

  /** A hop's addresses, so traffic to the proxies is never redirected (no loops, even for other programs). */
  private static List<Cidr> hopAddresses(Hop hop) {
    InetAddress literal = Addresses.literal(hop.host());
    if (literal != null) {
      return List.of(Cidr.of(literal));
    }
    try {
      return List.of(InetAddress.getAllByName(hop.host())).stream().map(Cidr::of).toList();
    } catch (UnknownHostException e) {
      Log.warn("cannot resolve " + hop + " now, so its address is not excluded from redirection");
      return List.of();
    }
  }

  private void dropPrivileges() throws StartupException {
    RunAsUser user;
    try {
      user = RunAsUser.lookup(settings.runAs());
    } catch (IllegalArgumentException e) {
      throw new StartupException("run-as user: " + e.getMessage());
    }
    if (user.isRoot()) {
      Log.warn("staying root: the run-as user is " + user);
      return;
    }
    try {
      Log.info(PrivilegeDrop.to(user, EnumSet.of(Capability.NET_ADMIN)).describe());
    } catch (IllegalStateException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** Proves the own-traffic mark can still be set; without it the relay's connections would loop. */
  private static void checkMark(UpstreamChannels upstreams) throws StartupException {
    try {
      upstreams.newChannel(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), java.time.Duration.ofSeconds(1))
          .unsafe().closeForcibly();
    } catch (RuntimeException e) {
      throw new StartupException("cannot mark the relay's own sockets (SO_MARK " + Integer.toHexString(upstreams.mark())
          + "): " + e.getMessage(), e);
    }
  }

  private void removeRules(FirewallBackend backend) {
    try {
      // every backend, not just ours: removal is by name, so this also catches anything half-installed
      for (FirewallBackend any : Backend.all(runner)) {
        any.removeAll();
      }
      Log.info("removed " + backend.name() + " rules");
    } catch (FirewallException e) {
      Log.error("could not remove the rules: " + e.getMessage()
          + " — run `scripts/redirector rules --remove` as root");
    }
  }

}

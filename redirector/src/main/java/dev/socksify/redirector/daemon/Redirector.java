package dev.socksify.redirector.daemon;

import dev.socksify.chain.Chain;
import dev.socksify.redirector.Log;
import dev.socksify.redirector.control.ControlServer;
import dev.socksify.redirector.firewall.Backend;
import dev.socksify.redirector.firewall.CommandRunner;
import dev.socksify.redirector.firewall.FirewallBackend;
import dev.socksify.redirector.firewall.FirewallException;
import dev.socksify.redirector.firewall.FirewallPlan;
import dev.socksify.redirector.privilege.Capability;
import dev.socksify.redirector.privilege.PrivilegeDrop;
import dev.socksify.redirector.privilege.RunAsUser;
import dev.socksify.redirector.relay.FlowPolicy;
import dev.socksify.redirector.relay.FlowStats;
import dev.socksify.redirector.relay.RedirectListener;
import dev.socksify.redirector.relay.RelaySettings;
import dev.socksify.redirector.relay.UpstreamChannels;
import dev.socksify.redirector.splice.SpliceEngine;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The daemon's life: clean up after a crashed run, bind the listeners, install the rules, drop root, relay until
 * SIGINT/SIGTERM, remove the rules. All of it runs on the thread that calls {@link #run}, because after the
 * privilege drop only that thread (and threads it starts) holds CAP_NET_ADMIN — see {@link PrivilegeDrop}. The
 * shutdown hook therefore only asks that thread to stop and waits for it to finish removing the rules.
 */
public final class Redirector {
  /** How long the shutdown hook waits for the rules to be removed before letting the JVM go. */
  private static final long CLEANUP_WAIT_SECONDS = 20;

  /** Builds the flow policy once the upstream socket factory and the relay's event loops exist. */
  @FunctionalInterface
  public interface Routing {
    FlowPolicy policy(UpstreamChannels upstreams, EventLoopGroup workers);
  }

  private final DaemonOptions options;
  private final Routing routing;
  private final CommandRunner runner = new CommandRunner();
  private final FlowStats stats = new FlowStats();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook = new Thread(this::onSignal, "socksify-shutdown");
  private final Instant started = Instant.now();
  private volatile String user = "root";
  private volatile String listening = "";
  private volatile String rules = "";
  private final List<DaemonExtension> extensions = new ArrayList<>();

  public Redirector(DaemonOptions options, Routing routing) {
    this.options = options;
    this.routing = routing;
  }

  /** Adds a part that runs next to the TCP relay (UDP, DNS); call before {@link #run}. */
  public Redirector with(DaemonExtension extension) {
    extensions.add(extension);
    return this;
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
    FirewallBackend backend = options.backend().create(runner);
    EventLoopGroup boss = null;
    EventLoopGroup workers = null;
    RedirectListener listener = null;
    ControlServer control = null;
    SpliceEngine engine = null;
    boolean installed = false;
    try {
      checkCanRun(backend);
      removeLeftovers();
      control = ControlServer.bind(options.controlSocket(), this::status);
      UpstreamChannels upstreams = new UpstreamChannels(options.mark());
      boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("socksify-accept"),
          EpollIoHandler.newFactory());
      // worker threads start lazily; they are started below, after the drop, so they inherit CAP_NET_ADMIN
      workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
          new DefaultThreadFactory("socksify-relay"), EpollIoHandler.newFactory());
      if (options.splice()) {
        engine = new SpliceEngine(Runtime.getRuntime().availableProcessors());
      }
      RelaySettings relay = new RelaySettings(routing.policy(upstreams, workers), engine, options.maxFlows(), stats);
      listener = bind(boss, workers, relay);
      for (DaemonExtension extension : extensions) {
        extension.bind(boss, workers);
      }
      FirewallPlan plan = FirewallPlans.of(options, listener.port(), listener.ipv6());
      if (stopRequested.getCount() == 0) {
        return;
      }
      installed = true;
      backend.install(plan);
      for (DaemonExtension extension : extensions) {
        extension.install(plan, options.backend(), runner);
      }
      rules = backend.name() + " (" + (plan.ipv6() ? "IPv4 and IPv6" : "IPv4 only") + "), own traffic mark "
          + plan.markHex() + ", not redirected: loopback, local addresses"
          + (plan.excludes().isEmpty() ? "" : ", " + plan.excludes())
          + (plan.excludeUids().isEmpty() ? "" : ", uids " + plan.excludeUids())
          + (plan.gateway() ? "; gateway for " + (plan.interfaces().isEmpty() ? "all interfaces but lo"
              : String.join(", ", plan.interfaces())) : "");
      Log.info("installed rules: " + rules);
      dropPrivileges(control);
      checkMark(upstreams);
      for (EventExecutor worker : workers) {
        worker.submit(() -> { }).syncUninterruptibly();
      }
      control.start();
      listener.open();
      listening = listener.addresses();
      for (DaemonExtension extension : extensions) {
        extension.open();
        Log.info(extension.name() + ": " + extension.describe());
      }
      Log.info("ready: relaying TCP on " + listening + " through " + describeChains());
      stopRequested.await();
      Log.info("stopping");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (StartupException e) {
      throw e;
    } catch (FirewallException e) {
      throw new StartupException(e.getMessage(), e);
    } catch (Exception e) {
      throw new StartupException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } finally {
      if (listener != null) {
        listener.close();
      }
      extensions.forEach(DaemonExtension::close);
      if (installed) {
        removeRules(backend);
      }
      if (control != null) {
        control.close();
      }
      if (engine != null) {
        engine.close();
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
        Log.error("rules were not removed within " + CLEANUP_WAIT_SECONDS
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
    if (options.gateway()) {
      checkRouteLocalnet();
    }
  }

  /** Forwarded clients reach a loopback listener only with route_localnet (the kernel ORs "all" into each). */
  private void checkRouteLocalnet() throws StartupException {
    if (sysctl("all").equals("1")) {
      return;
    }
    List<String> interfaces = options.interfaces();
    if (interfaces.isEmpty()) {
      throw new StartupException("gateway mode for all interfaces needs net.ipv4.conf.all.route_localnet=1 so"
          + " forwarded clients can reach the loopback listener (see native-config/sysctl/"
          + "90-socksify-gateway.conf): sysctl -w net.ipv4.conf.all.route_localnet=1");
    }
    for (String iface : interfaces) {
      String value = sysctl(iface);
      if (value.isEmpty()) {
        throw new StartupException("gateway interface " + iface + " does not exist");
      }
      if (!value.equals("1")) {
        throw new StartupException("gateway mode on " + iface + " needs net.ipv4.conf." + iface
            + ".route_localnet=1 so forwarded clients can reach the loopback listener (see native-config/sysctl/"
            + "90-socksify-gateway.conf): sysctl -w net.ipv4.conf." + iface + ".route_localnet=1");
      }
    }
  }

  private static String sysctl(String iface) {
    try {
      return Files.readString(Path.of("/proc/sys/net/ipv4/conf", iface, "route_localnet")).strip();
    } catch (IOException e) {
      return "";
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
    for (DaemonExtension extension : extensions) {
      List<String> found = extension.leftovers(runner);
      if (!found.isEmpty()) {
        Log.warn("removing rules left by an earlier run: " + String.join("; ", found));
        extension.removeRules(runner);
      }
    }
  }

  private RedirectListener bind(EventLoopGroup boss, EventLoopGroup workers, RelaySettings relay)
      throws StartupException {
    try {
      return RedirectListener.bind(boss, workers, options.port(), options.ipv6(), relay);
    } catch (Exception e) {
      if (!options.ipv6() || !isIpv6Unavailable(e)) {
        throw new StartupException("cannot listen on port " + options.port() + ": " + e.getMessage(), e);
      }
    }
    Log.warn("IPv6 is not available here (cannot bind ::1): relaying IPv4 only");
    try {
      return RedirectListener.bind(boss, workers, options.port(), false, relay);
    } catch (Exception e) {
      throw new StartupException("cannot listen on port " + options.port() + ": " + e.getMessage(), e);
    }
  }

  private static boolean isIpv6Unavailable(Exception e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("Cannot assign requested address") || message.contains("Address family not supported");
  }

  private void dropPrivileges(ControlServer control) throws StartupException, IOException {
    RunAsUser target;
    try {
      target = RunAsUser.lookup(options.runAs());
    } catch (IllegalArgumentException e) {
      throw new StartupException("run-as user: " + e.getMessage());
    }
    if (target.isRoot()) {
      Log.warn("staying root: the run-as user is " + target);
      return;
    }
    UserPrincipal owner = control.path().getFileSystem().getUserPrincipalLookupService()
        .lookupPrincipalByName(Integer.toString(target.uid()));
    control.giveTo(owner);
    try {
      EnumSet<Capability> keep = EnumSet.of(Capability.NET_ADMIN);
      extensions.forEach(e -> keep.addAll(e.capabilities()));
      Log.info(PrivilegeDrop.to(target, keep).describe());
    } catch (IllegalStateException e) {
      throw new StartupException(e.getMessage(), e);
    }
    user = target.toString();
  }

  /** Proves the own-traffic mark can still be set; without it the relay's connections would loop. */
  private static void checkMark(UpstreamChannels upstreams) throws StartupException {
    try {
      upstreams.newChannel().unsafe().closeForcibly();
    } catch (RuntimeException e) {
      throw new StartupException("cannot mark the relay's own sockets (SO_MARK 0x"
          + Integer.toHexString(upstreams.mark()) + "): " + e.getMessage(), e);
    }
  }

  private void removeRules(FirewallBackend backend) {
    try {
      // every backend, not just ours: removal is by name, so this also catches anything half-installed
      for (FirewallBackend any : Backend.all(runner)) {
        any.removeAll();
      }
      for (DaemonExtension extension : extensions) {
        extension.removeRules(runner);
      }
      Log.info("removed " + backend.name() + " rules");
    } catch (FirewallException e) {
      Log.error("could not remove the rules: " + e.getMessage()
          + " — run `scripts/redirector rules --remove` as root");
    }
  }

  private String describeChains() {
    return options.chains().stream().map(Redirector::describe).collect(Collectors.joining("; "));
  }

  static String describe(Chain chain) {
    return "chain " + chain.name() + " (" + chain.hops().stream().map(Object::toString)
        .collect(Collectors.joining(" -> ")) + ")";
  }

  /** What {@code status} prints. */
  private String status() {
    Duration up = Duration.between(started, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
    return "socksify redirector running: pid " + ProcessHandle.current().pid() + ", as " + user + ", up "
        + up.toString().substring(2).toLowerCase() + "\n"
        + "listening: " + listening + "\n"
        + "rules: " + rules + "\n"
        + "chains: " + describeChains() + "\n"
        + "flows: " + stats.open() + " open, " + stats.relayed() + " relayed, " + stats.failedCount()
        + " failed\n"
        + extensions.stream().map(e -> e.name() + ": " + e.status() + "\n").collect(Collectors.joining());
  }
}

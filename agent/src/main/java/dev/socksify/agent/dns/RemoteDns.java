package dev.socksify.agent.dns;

import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.rules.Rule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import sun.nio.ch.SocksifyNameHooks;

/**
 * The agent's side of the name hooks when names go to the chain: every lookup the JDK's cache misses lands here.
 * Local names ({@link LocalNames}) and names the rules send direct on every port ({@link LookupPolicy}) are left to
 * the JDK's resolver; every other name is answered without a query ({@link NameAnswers}). Reverse lookups of fake
 * addresses answer the name behind them, never asking a resolver.
 *
 * <p>The agent's own lookups (hop names, names resolved for a direct connection) pass untouched.
 */
public final class RemoteDns implements SocksifyNameHooks {
  private final LocalNames local;
  private final LookupPolicy policy;
  private final NameAnswers answers;
  private final FakeAddressPool pool;
  private final DnsLog log;

  /**
   * @param pool the fake addresses reverse lookups map back, or {@code null} when there are none
   */
  RemoteDns(LocalNames local, LookupPolicy policy, NameAnswers answers, FakeAddressPool pool, DnsLog log) {
    this.local = local;
    this.policy = policy;
    this.answers = answers;
    this.pool = pool;
    this.log = log;
  }

  @Override
  public Object lookup(String host) {
    if (OwnThreads.active()) {
      return null;
    }
    String name;
    try {
      name = FakeAddressPool.normalize(host);
    } catch (IllegalArgumentException literal) {
      return null;
    } catch (UnknownHostException notAName) {
      // not a host name: nothing a resolver should see either
      log.failed(host, notAName);
      return notAName;
    }
    String localWhy = local.why(name);
    if (localWhy != null) {
      log.here(host, localWhy);
      return null;
    }
    Rule direct = policy.directEverywhere(name);
    if (direct != null) {
      log.here(host, "direct by rule " + direct);
      return null;
    }
    try {
      InetAddress[] addresses = answers.lookup(host, name);
      log.answered(host, addresses, answers.how());
      return addresses;
    } catch (UnknownHostException e) {
      log.failed(host, e);
      return e;
    }
  }

  @Override
  public String reverseLookup(InetAddress address) {
    if (pool == null || OwnThreads.active() || !pool.isFake(address)) {
      return null;
    }
    // a fake address that maps to no name (any more) has none: the JDK answers the literal then, too
    return pool.nameOf(address).orElseGet(address::getHostAddress);
  }

  /** For the start-up line. */
  public String describe() {
    return answers.describe();
  }
}

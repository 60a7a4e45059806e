package dev.socksify.agent.dns;

import dev.socksify.agent.connect.OwnThreads;
import dev.socksify.chain.dns.FakeAddressPool;
import dev.socksify.chain.rules.Rule;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What the name hooks answer when names go to the chain ({@code SocksifyNameHooks}, plugged in by {@link AgentDns}):
 * every lookup the JDK's cache misses lands here.
 * Local names ({@link LocalNames}) and names the rules send direct on every port ({@link LookupPolicy}) are left to
 * the JDK's resolver; every other name is answered without a query ({@link NameAnswers}). Reverse lookups of fake
 * addresses answer the name behind them, never asking a resolver.
 *
 * <p>The agent's own lookups (hop names, names resolved for a direct connection) pass untouched.
 */
final class RemoteDns {
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

  /**
   * @return {@code null} to let the JDK resolve {@code host}, the addresses to answer with, or the
   *     {@code UnknownHostException} to throw
   */
  Object lookup(String host) {
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

  /** The name behind a fake address, or {@code null} to let the JDK's resolver answer. */
  String reverseLookup(InetAddress address) {
    if (pool == null || OwnThreads.active() || !pool.isFake(address)) {
      return null;
    }
    // a fake address that maps to no name (any more) has none: the JDK answers the literal then, too
    return pool.nameOf(address).orElseGet(address::getHostAddress);
  }
}

/**
 * What the blocking and the Netty chain runners share, so they behave the same: which hops an attempt uses and
 * what a failure says about which hop is dead ({@link dev.socksify.chain.connect.ChainAttempts}), what each hop is
 * asked to reach, with names resolved on this host where the hop's scheme sends addresses
 * ({@link dev.socksify.chain.connect.Route}), and the wording of connect failures
 * ({@link dev.socksify.chain.connect.HopFailures}).
 */
package dev.socksify.chain.connect;

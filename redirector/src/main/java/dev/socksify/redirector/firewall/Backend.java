package dev.socksify.redirector.firewall;

import java.util.List;

/** The backends a user can choose ({@code --backend iptables|nftables}). */
public enum Backend {
  IPTABLES {
    @Override
    public FirewallBackend create(CommandRunner runner) {
      return new IptablesBackend(runner);
    }
  },
  NFTABLES {
    @Override
    public FirewallBackend create(CommandRunner runner) {
      return new NftablesBackend(runner);
    }
  };

  public abstract FirewallBackend create(CommandRunner runner);

  /** Every backend, for leftover removal: a crashed run may have used either. */
  public static List<FirewallBackend> all(CommandRunner runner) {
    return List.of(IPTABLES.create(runner), NFTABLES.create(runner));
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

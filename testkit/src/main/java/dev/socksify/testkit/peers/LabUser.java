package dev.socksify.testkit.peers;

import dev.socksify.testkit.Lab;
import java.util.List;

/**
 * The system account the real peers authenticate against: danted checks RFC 1929 user/password with the system
 * password database, and sshd logs the {@code ssh -D} client in as this user (root may be locked for logins).
 * Created on first use when running as root: no home, no login shell, a password known to the tests only.
 */
public final class LabUser {
  /** The account name. */
  public static final String NAME = "socksifylab";

  /** The password danted accepts for {@link #NAME}. A lab-only account on a lab machine, no shell. */
  public static final String PASSWORD = "socks1fy-lab-1929";

  /** useradd's exit code when another JVM created the account a moment ago. */
  private static final int USERADD_EXISTS = 9;

  private static boolean ensured;

  private LabUser() {}

  /** Creates the account if missing and (re)sets its password; idempotent. Requires root. */
  public static synchronized void ensure() {
    if (ensured) {
      return;
    }
    Lab.requireRoot("creating the lab user " + NAME);
    if (LabCommands.exitCode("id", null, List.of("id", "-u", NAME), null) != 0) {
      int exit = LabCommands.exitCode("useradd", null, List.of(Lab.requireCommand("useradd").toString(),
          "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME), null);
      if (exit != 0 && exit != USERADD_EXISTS) {
        throw new IllegalStateException("useradd " + NAME + " failed with exit code " + exit);
      }
    }
    // chpasswd reads the password on stdin, so it never shows in ps.
    LabCommands.run("chpasswd", null, List.of(Lab.requireCommand("chpasswd").toString()),
        NAME + ":" + PASSWORD + "\n");
    ensured = true;
  }
}

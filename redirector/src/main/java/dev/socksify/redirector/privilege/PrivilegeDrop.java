package dev.socksify.redirector.privilege;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives up root once the rules are in and the listener is bound, keeping only the capabilities still needed.
 *
 * <p>Credentials are per thread on Linux. glibc's {@code setresuid} changes every thread of the process, but
 * {@code PR_SET_KEEPCAPS} and {@code capset} only affect the calling thread, so only this thread keeps its
 * capabilities; threads already running (JVM internals, the accepting event loop) end up with none. That is
 * intended, and it decides where privileged work may happen: threads created by this thread afterwards inherit
 * its capabilities, so the relay's worker threads must be started from here after the drop, and rule removal at
 * exit must run on this thread or one it started. The capabilities are also raised into the ambient set, which
 * is what lets {@code iptables-restore}/{@code nft} run with CAP_NET_ADMIN as an unprivileged user.
 */
public final class PrivilegeDrop {
  private PrivilegeDrop() {}

  /** What the process runs as after {@link #to}. */
  public record Result(RunAsUser user, Set<Capability> kept, String status) {
    public String describe() {
      return "dropped root: now running as " + user + ", keeping only "
          + kept.stream().map(c -> c + " (" + c.why() + ")").collect(Collectors.joining(", "))
          + "; " + status;
    }
  }

  /** Whether this process is root (and so should drop). */
  public static boolean isRoot() {
    return LibC.INSTANCE.geteuid() == 0;
  }

  /**
   * Drops the calling thread (and, through glibc, the process) to {@code user}, keeping {@code keep}.
   *
   * @throws IllegalStateException if any step fails or the result is not what was asked for; the process must
   *     then not go on running (it may be half-dropped)
   */
  public static Result to(RunAsUser user, Set<Capability> keep) {
    LibC c = LibC.INSTANCE;
    long mask = 0;
    for (Capability cap : keep) {
      mask |= 1L << cap.number();
    }
    try {
      dropBoundingSet(mask);
      c.prctl(LibC.PR_SET_KEEPCAPS, 1, 0, 0, 0);
      c.setgroups(0, null);
      c.setresgid(user.gid(), user.gid(), user.gid());
      c.setresuid(user.uid(), user.uid(), user.uid());
      int low = (int) mask;
      int high = (int) (mask >>> 32);
      c.capset(new int[] {LibC.CAPABILITY_VERSION_3, 0}, new int[] {low, low, low, high, high, high});
      for (Capability cap : keep) {
        c.prctl(LibC.PR_CAP_AMBIENT, LibC.PR_CAP_AMBIENT_RAISE, cap.number(), 0, 0);
      }
      c.prctl(LibC.PR_SET_KEEPCAPS, 0, 0, 0, 0);
      // nothing this process execs may gain privileges back (set-uid binaries, file capabilities)
      c.prctl(LibC.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    } catch (LastErrorException e) {
      throw new IllegalStateException("dropping privileges to " + user + " failed: errno " + e.getErrorCode()
          + " (" + e.getMessage() + ")", e);
    }
    String status = verify(user, mask);
    return new Result(user, keep.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(keep), status);
  }

  private static void dropBoundingSet(long keep) throws LastErrorException {
    int last = lastCapability();
    for (int cap = 0; cap <= last; cap++) {
      if ((keep & (1L << cap)) == 0) {
        LibC.INSTANCE.prctl(LibC.PR_CAPBSET_DROP, cap, 0, 0, 0);
      }
    }
  }

  private static int lastCapability() {
    try {
      return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/cap_last_cap")).strip());
    } catch (IOException | NumberFormatException e) {
      return 40;
    }
  }

  /** Reads this thread's credentials back from the kernel and fails unless they are exactly as asked. */
  private static String verify(RunAsUser user, long mask) {
    String status;
    try {
      status = Files.readString(Path.of("/proc/thread-self/status"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/thread-self/status to verify the privilege drop", e);
    }
    String uids = field(status, "Uid");
    String gids = field(status, "Gid");
    long effective = Long.parseUnsignedLong(field(status, "CapEff"), 16);
    long permitted = Long.parseUnsignedLong(field(status, "CapPrm"), 16);
    long ambient = Long.parseUnsignedLong(field(status, "CapAmb"), 16);
    String expectedUids = (user.uid() + " ").repeat(4).strip();
    String expectedGids = (user.gid() + " ").repeat(4).strip();
    if (!uids.replaceAll("\\s+", " ").equals(expectedUids) || !gids.replaceAll("\\s+", " ").equals(expectedGids)
        || effective != mask || permitted != mask || ambient != mask) {
      throw new IllegalStateException("privilege drop did not take: Uid " + uids + ", Gid " + gids
          + ", CapEff " + Long.toHexString(effective) + ", CapPrm " + Long.toHexString(permitted)
          + ", CapAmb " + Long.toHexString(ambient) + " (wanted uid/gid " + user.uid() + "/" + user.gid()
          + ", capabilities " + Long.toHexString(mask) + ")");
    }
    return "kernel reports Uid " + uids.replaceAll("\\s+", " ") + ", CapEff " + String.format("%016x", effective);
  }

  private static String field(String status, String name) {
    for (String line : status.lines().toList()) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).strip();
      }
    }
    throw new IllegalStateException("no " + name + " in /proc/thread-self/status");
  }
}

package dev.socksify.redirector.privilege;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/** The few libc calls the JDK lacks: credentials, capabilities, prctl. */
interface LibC extends Library {
  LibC INSTANCE = Native.load("c", LibC.class);

  int PR_SET_KEEPCAPS = 8;
  int PR_CAPBSET_DROP = 24;
  int PR_SET_NO_NEW_PRIVS = 38;
  int PR_CAP_AMBIENT = 47;
  int PR_CAP_AMBIENT_RAISE = 2;
  /** {@code _LINUX_CAPABILITY_VERSION_3}: two 32-bit words per set. */
  int CAPABILITY_VERSION_3 = 0x20080522;

  int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

  int setgroups(long size, int[] list) throws LastErrorException;

  int setresgid(int rgid, int egid, int sgid) throws LastErrorException;

  int setresuid(int ruid, int euid, int suid) throws LastErrorException;

  /** {@code header}: version, pid (0 = this thread); {@code data}: 2 x (effective, permitted, inheritable). */
  int capset(int[] header, int[] data) throws LastErrorException;

  int getuid();

  int geteuid();

  Passwd getpwnam(String name);

  /** {@code struct passwd} (glibc, x86-64). */
  @Structure.FieldOrder({"pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell"})
  class Passwd extends Structure {
    public String pw_name;
    public String pw_passwd;
    public int pw_uid;
    public int pw_gid;
    public String pw_gecos;
    public String pw_dir;
    public String pw_shell;
  }
}

package dev.socksify.redirector.privilege;

/** The account to drop to: a name from the passwd database, or a numeric uid (its gid then equals the uid). */
public record RunAsUser(String name, int uid, int gid) {
  /**
   * Looks the user up ({@code getpwnam}, so NSS users work too).
   *
   * @throws IllegalArgumentException if there is no such user
   */
  public static RunAsUser lookup(String user) {
    if (!user.isEmpty() && user.chars().allMatch(Character::isDigit)) {
      int id = Integer.parseInt(user);
      return new RunAsUser(user, id, id);
    }
    LibC.Passwd pw = LibC.INSTANCE.getpwnam(user);
    if (pw == null) {
      throw new IllegalArgumentException("no such user: '" + user + "'");
    }
    return new RunAsUser(user, pw.pw_uid, pw.pw_gid);
  }

  public boolean isRoot() {
    return uid == 0;
  }

  @Override
  public String toString() {
    return name + " (uid " + uid + ", gid " + gid + ")";
  }
}

package dev.socksify.chain.config;

/**
 * Wrong configuration input: a proxy URL, a config line, an agent argument. The message is one line that names
 * where and what, {@code FILE:LINE: what is wrong} (or {@code SOURCE: what is wrong} when there is no line,
 * e.g. {@code proxy URL 2 ('socks5://alice:****@host:99999'): port 99999 out of range 1-65535}). Passwords
 * never appear in it: every producer masks them before building the message.
 *
 * <p>Unchecked, because it is a start-up error the caller reports and exits on, not something to recover from.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String problem;

  /**
   * @param source the file name or a description such as {@code proxy URL 2 ('socks5://host')}
   * @param line the 1-based line number, or 0 when the source has no lines
   * @param problem what is wrong, without the location
   */
  public ConfigException(String source, int line, String problem) {
    super(line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem);
    this.source = source;
    this.line = line;
    this.problem = problem;
  }

  /** A problem of the whole source (file unreadable, nothing configured). */
  public ConfigException(String source, String problem) {
    this(source, 0, problem);
  }

  /** The file name or other description of where the input came from. */
  public String source() {
    return source;
  }

  /** The 1-based line, or 0 if not tied to a line. */
  public int line() {
    return line;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }
}

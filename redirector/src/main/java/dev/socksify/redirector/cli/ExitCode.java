package dev.socksify.redirector.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every exit status of {@code scripts/redirector}, defined once; {@code --help} lists them. */
public enum ExitCode {
  OK(0, "success (status: running)"),
  FAILED(1, "could not start, or rules could not be installed or removed"),
  USAGE(2, "bad command line, proxy URL or config file"),
  NOT_RUNNING(3, "status: no redirector is running and none of its rules are installed"),
  CHECK_FAILED(4, "check: a hop could not be reached"),
  LEFTOVERS(5, "status: no redirector is running but its rules are installed (run `rules --remove`)");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  /** For picocli's exit code list in the help. */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode e : values()) {
      list.put(Integer.toString(e.code), e.meaning);
    }
    return list;
  }
}

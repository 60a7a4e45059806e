package dev.socksify.chain.config;

import java.time.Duration;

/**
 * The per-chain knobs proxychains keeps global: mode, {@code chain_len} and the two timeouts. Written before
 * any section they are the defaults of every chain; inside {@code [chain NAME]} they override them for that
 * chain. Each value remembers its line for later errors.
 */
final class ChainSettings {
  ModeKind mode;
  Line modeLine;
  Integer chainLength;
  Line chainLengthLine;
  Duration connectTimeout;
  Duration readTimeout;

  /** Takes {@code line} if it is one of these settings; returns whether it did. */
  boolean accept(Line raw, ConfigAssembly assembly) {
    Line line = raw.asKeyValue();
    String key = line.key();
    ModeKind directive = ModeKind.ofDirective(key);
    if (directive != null || key.equals("mode")) {
      ModeKind kind = directive;
      if (kind == null) {
        kind = ModeKind.ofWord(line.value());
        if (kind == null) {
          throw line.error("mode must be strict, dynamic, random or round_robin, not '" + line.value() + "'");
        }
      } else if (line.size() > 1) {
        throw line.error(key + " takes no value");
      }
      if (mode != null && mode != kind) {
        // proxychains takes the last mode line; say so, since two modes usually mean a forgotten '#'.
        assembly.warn(line, kind + " mode replaces " + mode + " mode set at line " + modeLine.number);
      }
      mode = kind;
      modeLine = line;
      return true;
    }
    switch (key) {
      case "chain_len":
        chainLength = Values.integer(line, 1, 1000);
        chainLengthLine = line;
        return true;
      case "tcp_connect_time_out":
        connectTimeout = Values.millis(line);
        return true;
      case "tcp_read_time_out":
        readTimeout = Values.millis(line);
        return true;
      case "connect_timeout":
        connectTimeout = Values.duration(line);
        return true;
      case "read_timeout":
        readTimeout = Values.duration(line);
        return true;
      default:
        return false;
    }
  }
}

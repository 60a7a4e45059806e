package dev.socksify.chain.config;

import dev.socksify.chain.rules.Cidr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Typed values of config lines; each failure names the key and the value (never used for secrets). */
final class Values {
  private Values() {}

  static boolean bool(Line line) {
    String v = line.value().toLowerCase(Locale.ROOT);
    switch (v) {
      case "on", "yes", "true", "1":
        return true;
      case "off", "no", "false", "0":
        return false;
      default:
        throw line.error(line.key() + " must be on or off, not '" + line.value() + "'");
    }
  }

  /** A duration with a unit: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}. */
  static Duration duration(Line line) {
    String v = line.value().toLowerCase(Locale.ROOT);
    int digits = 0;
    while (digits < v.length() && Character.isDigit(v.charAt(digits))) {
      digits++;
    }
    String unit = v.substring(digits);
    if (digits == 0 || digits > 9 || unit.isEmpty()) {
      throw line.error(line.key() + " must be a duration with a unit like 500ms, 15s, 2m or 1h, not '" + line.value() + "'");
    }
    long n = Long.parseLong(v.substring(0, digits));
    Duration d;
    switch (unit) {
      case "ms":
        d = Duration.ofMillis(n);
        break;
      case "s":
        d = Duration.ofSeconds(n);
        break;
      case "m", "min":
        d = Duration.ofMinutes(n);
        break;
      case "h":
        d = Duration.ofHours(n);
        break;
      default:
        throw line.error(line.key() + " has unknown unit '" + unit + "' (use ms, s, m or h)");
    }
    if (d.isZero()) {
      throw line.error(line.key() + " must be more than zero");
    }
    return d;
  }

  /** Milliseconds as proxychains writes timeouts: a plain positive number. */
  static Duration millis(Line line) {
    return Duration.ofMillis(integer(line, 1, Integer.MAX_VALUE));
  }

  static int integer(Line line, int min, int max) {
    String v = line.value();
    long n;
    try {
      n = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw line.error(line.key() + " must be a number, not '" + v + "'");
    }
    if (n < min || n > max) {
      throw line.error(line.key() + " " + v + " out of range " + min + "-" + max);
    }
    return (int) n;
  }

  static int port(Line line) {
    return ProxyUrl.port(line.value(), line.source, line.number);
  }

  /** Comma-separated values after the key, spaces after commas allowed. */
  static List<String> list(Line line) {
    if (line.size() < 2) {
      throw line.error("'" + line.word(0) + "' needs a value");
    }
    List<String> out = new ArrayList<>();
    for (String part : line.rest().split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw line.error(line.key() + " has an empty item in its list");
      }
      if (p.contains(" ")) {
        throw line.error(line.key() + " items are separated by commas: '" + p + "'");
      }
      out.add(p);
    }
    return out;
  }

  static Cidr cidr(Line line, String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw line.error(e.getMessage());
    }
  }
}

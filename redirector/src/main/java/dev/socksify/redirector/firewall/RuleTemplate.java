package dev.socksify.redirector.firewall;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule file from {@code native-config/} (bundled into the jar at build time), rendered line by line. The
 * syntax is deliberately tiny so the files stay readable as plain iptables/nftables input:
 *
 * <ul>
 *   <li>lines starting with {@code #} document the template and are dropped;
 *   <li>{@code {{name}}} is replaced by a value; a line whose placeholder is a list is repeated once per element
 *       and dropped for an empty list (at most one list per line);
 *   <li>lines between {@code {{#flag}}} and {@code {{/flag}}} are kept only when the flag is true.
 * </ul>
 *
 * <p>A placeholder without a value is an error, so a template and the code cannot drift apart silently.
 */
public final class RuleTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9_]+)}}");
  private static final Pattern SECTION = Pattern.compile("\\{\\{([#/])([a-z0-9_]+)}}");

  private final String name;
  private final List<String> lines;

  private RuleTemplate(String name, List<String> lines) {
    this.name = name;
    this.lines = List.copyOf(lines);
  }

  /** The template at {@code native-config/<path>} on the class path. */
  public static RuleTemplate load(String path) {
    String resource = "/native-config/" + path;
    try (InputStream in = RuleTemplate.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("rule template missing from the jar: " + resource);
      }
      return parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rule template " + resource, e);
    }
  }

  static RuleTemplate parse(String name, String text) {
    return new RuleTemplate(name, text.lines().toList());
  }

  /**
   * Renders the template. Values are {@link String}s, {@link Number}s, {@link Boolean}s (for sections) or
   * {@link List}s (the line repeats).
   */
  public String render(Map<String, ?> values) {
    StringBuilder out = new StringBuilder();
    String openSection = null;
    boolean keep = true;
    int lineNumber = 0;
    for (String line : lines) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.startsWith("#")) {
        continue;
      }
      Matcher section = SECTION.matcher(trimmed);
      if (section.matches()) {
        String flag = section.group(2);
        if (section.group(1).equals("#")) {
          if (openSection != null) {
            throw error(lineNumber, "nested section {{#" + flag + "}} inside {{#" + openSection + "}}");
          }
          openSection = flag;
          keep = flag(values, flag, lineNumber);
        } else {
          if (!flag.equals(openSection)) {
            throw error(lineNumber, "{{/" + flag + "}} closes no open section");
          }
          openSection = null;
          keep = true;
        }
        continue;
      }
      if (keep) {
        renderLine(line, values, lineNumber, out);
      }
    }
    if (openSection != null) {
      throw error(lines.size(), "section {{#" + openSection + "}} is never closed");
    }
    return out.toString();
  }

  private void renderLine(String line, Map<String, ?> values, int lineNumber, StringBuilder out) {
    Matcher m = PLACEHOLDER.matcher(line);
    String listName = null;
    List<?> list = null;
    while (m.find()) {
      String key = m.group(1);
      Object value = value(values, key, lineNumber);
      if (value instanceof List<?> l) {
        if (listName != null && !listName.equals(key)) {
          throw error(lineNumber, "two lists on one line: " + listName + ", " + key);
        }
        listName = key;
        list = l;
      }
    }
    if (list == null) {
      out.append(substitute(line, values, null, null)).append('\n');
      return;
    }
    for (Object element : list) {
      out.append(substitute(line, values, listName, element)).append('\n');
    }
  }

  private static String substitute(String line, Map<String, ?> values, String listName, Object element) {
    Matcher m = PLACEHOLDER.matcher(line);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      Object value = key.equals(listName) ? element : values.get(key);
      m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(value)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private Object value(Map<String, ?> values, String key, int lineNumber) {
    Object value = values.get(key);
    if (value == null) {
      throw error(lineNumber, "no value for {{" + key + "}}");
    }
    return value;
  }

  private boolean flag(Map<String, ?> values, String key, int lineNumber) {
    if (value(values, key, lineNumber) instanceof Boolean b) {
      return b;
    }
    throw error(lineNumber, "section {{#" + key + "}} needs a true/false value");
  }

  private IllegalStateException error(int lineNumber, String what) {
    return new IllegalStateException("native-config/" + name + ":" + lineNumber + ": " + what);
  }

  @Override
  public String toString() {
    return "native-config/" + name;
  }
}

package dev.socksify.chain.config;

import java.util.Locale;

/**
 * Reads a config text line by line into a {@link ConfigAssembly}: lines before the first {@code [header]} are
 * proxychains' directives, each header switches to its section. The first wrong line stops reading with a
 * {@link ConfigException} naming it.
 */
final class ConfigParser {
  private final ConfigAssembly assembly;
  private Section section;

  private ConfigParser(String source) {
    this.assembly = new ConfigAssembly(source);
    this.section = new TopLevelSection(assembly);
  }

  static ConfigAssembly parse(String text, String source) {
    ConfigParser parser = new ConfigParser(source);
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String[] lines = body.split("\r\n|\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      Line line = Line.of(source, i + 1, lines[i]);
      if (line != null) {
        parser.accept(line);
      }
    }
    return parser.assembly;
  }

  private void accept(Line line) {
    if (line.word(0).startsWith("[")) {
      section = header(line.withoutComment());
    } else {
      section.accept(line);
    }
  }

  private Section header(Line line) {
    String text = String.join(" ", line.words);
    if (!text.endsWith("]")) {
      throw line.error("section header '" + text + "' lacks its closing ']'");
    }
    String[] words = text.substring(1, text.length() - 1).strip().split("\\s+");
    String kind = words[0].toLowerCase(Locale.ROOT);
    if (kind.equals("chain")) {
      if (words.length != 2 || !words[1].matches("[A-Za-z0-9_.-]+")) {
        throw line.error("expected [chain NAME] with a NAME of letters, digits, '_', '-' or '.'");
      }
      return new ChainSection(assembly.newChain(words[1], line), assembly);
    }
    if (words.length != 1) {
      throw line.error("unknown section '" + text + "'");
    }
    switch (kind) {
      case "proxylist":
        return new ChainSection(assembly.newChain(ConfigAssembly.PROXYLIST_CHAIN, line), assembly);
      case "rules":
        return new RulesSection(assembly);
      case "dns":
        return new DnsSection(assembly);
      case "udp":
        return new UdpSection(assembly);
      case "redirector":
        return new RedirectorSection(assembly);
      case "agent":
        return new AgentSection(assembly);
      default:
        assembly.warn(line, "unknown section " + text + " ignored with all its lines");
        return ignored -> { };
    }
  }
}

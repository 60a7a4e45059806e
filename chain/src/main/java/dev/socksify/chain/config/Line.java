package dev.socksify.chain.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One meaningful line of a config file, split into whitespace-separated words, with its location for errors.
 * Never holds a whole line in a message: the words may include a password.
 */
final class Line {
  final String source;
  final int number;
  final List<String> words;

  private Line(String source, int number, List<String> words) {
    this.source = source;
    this.number = number;
    this.words = List.copyOf(words);
  }

  /** The words of {@code text}, or {@code null} for a blank or comment line. */
  static Line of(String source, int number, String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return null;
    }
    List<String> words = new ArrayList<>(List.of(trimmed.split("\\s+")));
    return new Line(source, number, words);
  }

  String word(int i) {
    return words.get(i);
  }

  int size() {
    return words.size();
  }

  /** The words without a trailing {@code # comment} (for lines that carry no secrets). */
  Line withoutComment() {
    for (int i = 1; i < words.size(); i++) {
      if (words.get(i).startsWith("#")) {
        return new Line(source, number, words.subList(0, i));
      }
    }
    return this;
  }

  /**
   * A {@code key value...} line read the way proxychains reads {@code chain_len = 2}: an {@code =} between or
   * glued to the key is only a separator.
   */
  Line asKeyValue() {
    Line line = withoutComment();
    List<String> w = new ArrayList<>(line.words);
    int eq = w.get(0).indexOf('=');
    if (eq > 0) {
      String first = w.get(0);
      w.set(0, first.substring(0, eq));
      if (eq < first.length() - 1) {
        w.add(1, first.substring(eq + 1));
      }
    } else if (w.size() > 1 && w.get(1).startsWith("=")) {
      if (w.get(1).length() == 1) {
        w.remove(1);
      } else {
        w.set(1, w.get(1).substring(1));
      }
    }
    return new Line(source, number, w);
  }

  /** The key, lower-case. */
  String key() {
    return words.get(0).toLowerCase(java.util.Locale.ROOT);
  }

  /** The words after the key joined by single spaces (lists like {@code a, b} become {@code a, b}). */
  String rest() {
    return String.join(" ", words.subList(1, words.size()));
  }

  /** The single value after the key; an error if there is none or more than one. */
  String value() {
    if (words.size() != 2) {
      throw error(words.size() < 2 ? "'" + words.get(0) + "' needs a value" : "'" + words.get(0) + "' takes one value");
    }
    return words.get(1);
  }

  ConfigException error(String problem) {
    return new ConfigException(source, number, problem);
  }

  String where() {
    return source + ":" + number;
  }
}

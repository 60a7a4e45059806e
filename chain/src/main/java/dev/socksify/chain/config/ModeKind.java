package dev.socksify.chain.config;

import dev.socksify.chain.ChainMode;
import java.util.Locale;

/** The four proxychains chain modes as config words. */
enum ModeKind {
  STRICT("strict") {
    @Override
    ChainMode create(int chainLength) {
      return ChainMode.strict();
    }
  },
  DYNAMIC("dynamic") {
    @Override
    ChainMode create(int chainLength) {
      return ChainMode.dynamic();
    }
  },
  RANDOM("random") {
    @Override
    ChainMode create(int chainLength) {
      return ChainMode.random(chainLength);
    }
  },
  ROUND_ROBIN("round_robin") {
    @Override
    ChainMode create(int chainLength) {
      return ChainMode.roundRobin(chainLength);
    }
  };

  private final String word;

  ModeKind(String word) {
    this.word = word;
  }

  abstract ChainMode create(int chainLength);

  /** Whether {@code chain_len} means anything for this mode. */
  boolean usesLength() {
    return this == RANDOM || this == ROUND_ROBIN;
  }

  /** {@code strict}, {@code round_robin} (also {@code round-robin}), or {@code null}. */
  static ModeKind ofWord(String word) {
    String w = word.toLowerCase(Locale.ROOT).replace('-', '_');
    for (ModeKind kind : values()) {
      if (kind.word.equals(w)) {
        return kind;
      }
    }
    return null;
  }

  /** The mode a proxychains directive such as {@code dynamic_chain} selects, or {@code null}. */
  static ModeKind ofDirective(String key) {
    return key.endsWith("_chain") ? ofWord(key.substring(0, key.length() - "_chain".length())) : null;
  }

  @Override
  public String toString() {
    return word;
  }
}

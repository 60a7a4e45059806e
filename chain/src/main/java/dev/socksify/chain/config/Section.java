package dev.socksify.chain.config;

/** The part of a config file between two {@code [headers]}; it takes the lines in it one by one. */
interface Section {
  void accept(Line line);
}

package dev.socksify.redirector.cli;

import dev.socksify.chain.Hop;
import dev.socksify.chain.config.ProxyUrl;

/** One {@code --proxy} value: the URL as given and the hop it means. */
record ProxyArgument(String url, Hop hop) {
  @Override
  public String toString() {
    return ProxyUrl.mask(url);
  }
}

package dev.socksify.chain.config;

import dev.socksify.chain.Hop;

/**
 * A hop as read, before the file's DNS mode is known.
 *
 * @param proxychainsForm written as {@code socks5 host port}, whose meaning depends on {@code proxy_dns}
 *     (a URL's scheme says it outright)
 */
record HopDraft(Hop hop, boolean proxychainsForm, Line line) {}

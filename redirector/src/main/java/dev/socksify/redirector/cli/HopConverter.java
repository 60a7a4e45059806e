package dev.socksify.redirector.cli;

import dev.socksify.chain.config.ConfigException;
import dev.socksify.chain.config.ProxyUrl;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --proxy socks5://user:pass@host:port}: parsed with the chain engine's URL parser, so a bad URL gets
 * picocli's "Invalid value for option '--proxy'" with the parser's message, which never shows the password.
 * The URL itself is kept (the config is built from the URLs); the parse is the early check.
 */
final class HopConverter implements ITypeConverter<ProxyArgument> {
  @Override
  public ProxyArgument convert(String value) {
    try {
      return new ProxyArgument(value, ProxyUrl.parse(value));
    } catch (ConfigException e) {
      // TypeConversionException's message is shown as is; any other exception would echo the raw value
      throw new TypeConversionException(e.getMessage());
    }
  }
}

package dev.socksify.redirector.cli;

import dev.socksify.chain.rules.Cidr;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --exclude 10.0.0.0/8}, parsed as the config parses {@code exclude}. */
final class CidrConverter implements ITypeConverter<Cidr> {
  @Override
  public Cidr convert(String value) {
    try {
      return Cidr.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}

package dev.socksify.redirector.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --mark 0x534b} or decimal, as in the config file. */
final class MarkConverter implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    try {
      long mark = value.startsWith("0x") || value.startsWith("0X")
          ? Long.parseLong(value.substring(2), 16)
          : Long.parseLong(value);
      if (mark < 1 || mark > Integer.MAX_VALUE) {
        throw new TypeConversionException("mark " + value + " out of range 1-0x7fffffff");
      }
      return (int) mark;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a number (decimal or 0x hex)");
    }
  }
}

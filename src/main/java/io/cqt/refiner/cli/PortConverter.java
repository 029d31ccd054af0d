package io.cqt.refiner.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A TCP port option, checked when parsed so that a bad one is a usage error naming the option, not a bind failure. */
final class PortConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a port number: give 0 to 65535");
        }
        if (port < 0 || port > 65_535) {
            throw new TypeConversionException(port + " is not a TCP port: give 0 to 65535");
        }
        return port;
    }
}

package io.cqt.refiner.specimen.avro;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The published Avro codecs of block specimens, oldest first. The live network writes 0.38. */
public enum CodecVersion {
    V0_31, V0_32, V0_33, V0_34, V0_35, V0_36, V0_37, V0_38;

    /** Newest first: the order auto-detection tries them in. */
    public static final List<CodecVersion> NEWEST_FIRST;

    static {
        CodecVersion[] reversed = values().clone();
        java.util.Collections.reverse(Arrays.asList(reversed));
        NEWEST_FIRST = List.of(reversed);
    }

    /** "0.38". */
    public String label() {
        return name().substring(1).replace('_', '.');
    }

    /** The value the segment's {@code codecVersion} field holds. */
    public double number() {
        return Double.parseDouble(label());
    }

    /** The codec whose {@link #number()} this is, or null. */
    public static CodecVersion ofNumber(double number) {
        for (CodecVersion v : values()) {
            if (v.number() == number) {
                return v;
            }
        }
        return null;
    }

    public boolean isAtLeast(CodecVersion other) {
        return compareTo(other) >= 0;
    }

    /** Accepts "0.38", "V0_38" or "38". */
    public static CodecVersion parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (CodecVersion v : values()) {
            if (v.label().equals(t) || v.name().equals(t) || v.label().substring(2).equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown codec version '" + text + "'; known: "
                + Arrays.stream(values()).map(CodecVersion::label).toList());
    }

    @Override
    public String toString() {
        return label();
    }
}

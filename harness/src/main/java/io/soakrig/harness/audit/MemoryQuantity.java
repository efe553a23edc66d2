package io.soakrig.harness.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 3Gi}, {@code 3000M}, {@code 3e9}, {@code 512Mi},
 * {@code 1.5G}) read as bytes, with the API server's grammar: binary suffixes Ki..Ei, decimal
 * suffixes k..E, milli {@code m}, or a decimal exponent. A fractional byte count rounds up, as
 * the API server rounds a quantity it must store as an integer.
 */
public final class MemoryQuantity {
    private static final Pattern QUANTITY = Pattern.compile(
            "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("m", new BigDecimal("0.001")), Map.entry("k", BigDecimal.valueOf(1_000L)),
            Map.entry("M", BigDecimal.valueOf(1_000_000L)), Map.entry("G", BigDecimal.valueOf(1_000_000_000L)),
            Map.entry("T", BigDecimal.TEN.pow(12)), Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)));

    /** Digits of the largest long: a quantity with more before its decimal point cannot fit. */
    private static final int MAX_DIGITS = 19;

    private MemoryQuantity() {
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not a quantity, is negative, or
     *                                  does not fit in a long
     */
    public static long bytes(String text) {
        Matcher m = QUANTITY.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Kubernetes quantity (e.g. 3Gi, 3000M, 3e9, 512Mi)");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (value.signum() < 0) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        String suffix = m.group(2);
        if (suffix != null && suffix.matches("[eE][+-]?\\d+")) {
            value = scaledByExponent(value, suffix.substring(1), text);
        } else if (suffix != null) {
            value = value.multiply(SUFFIXES.get(suffix));
        }
        try {
            return value.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
    }

    /**
     * {@code value} times ten to {@code exponent}, without letting an exponent such as
     * {@code -2147483648} overflow BigDecimal's scale or {@code 999999999} build a billion-digit
     * number: a positive value whose magnitude ends below one byte is one byte (rounded up), one
     * beyond {@link #MAX_DIGITS} digits does not fit in a long anyway.
     */
    private static BigDecimal scaledByExponent(BigDecimal value, String exponent, String text) {
        if (value.signum() == 0) {
            return value;
        }
        BigInteger e = new BigInteger(exponent.startsWith("+") ? exponent.substring(1) : exponent);
        // the number of digits before the decimal point once scaled: precision - scale + exponent
        BigInteger magnitude = e.add(BigInteger.valueOf((long) value.precision() - value.scale()));
        if (magnitude.compareTo(BigInteger.valueOf(MAX_DIGITS)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        if (magnitude.compareTo(BigInteger.valueOf(-MAX_DIGITS)) < 0) {
            return BigDecimal.ONE;
        }
        return value.scaleByPowerOfTen(e.intValueExact());
    }

    /** {@code bytes} in the largest binary unit that keeps it readable, e.g. {@code 3.00 GiB}. */
    public static String show(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.2f %s", v, units[u]);
    }
}

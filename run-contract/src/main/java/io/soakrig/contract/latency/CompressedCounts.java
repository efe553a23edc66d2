package io.soakrig.contract.latency;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Decodes the compressed histogram of a latency log line into a {@link DecodedInterval}, reusing
 * its buffers and its {@link Inflater} from line to line.
 *
 * <p>The V2 encoding every HdrHistogram since 2.1 writes (and soakrig's {@link IntervalLatencyLog})
 * is read directly: a zlib stream of a 40-byte header and the counts array as ZigZag LEB128
 * varints, runs of empty buckets written as one negative number. Each non-empty bucket's value is
 * computed from its index as {@code AbstractHistogram.valueFromIndex} does, from the same two
 * figures its constructor derives from the header. Any other encoding (older versions, a shifted
 * histogram) is decoded by HdrHistogram itself and its recorded values copied: slower, never wrong.
 */
final class CompressedCounts {
    private static final int V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
    private static final int V2_COOKIE_BASE = 0x1c849303;
    private static final int HEADER_BYTES = 40;

    private final Inflater inflater = new Inflater();
    private final byte[] header = new byte[HEADER_BYTES];
    private byte[] payload = new byte[1024];
    private final Map<Long, Histogram> geometries = new HashMap<>();

    /**
     * Decodes {@code compressed} into {@code into}, which {@code start} was called on.
     *
     * @throws IllegalArgumentException when it is not a whole compressed histogram (a torn line)
     */
    void decode(byte[] compressed, DecodedInterval into, String tag, long startMillis, long endMillis) {
        ByteBuffer in = ByteBuffer.wrap(compressed);
        int cookie = in.getInt();
        int length = in.getInt();
        if (cookieBase(cookie) != V2_COMPRESSED_COOKIE_BASE || length != compressed.length - 8) {
            decodeByLibrary(in.rewind(), into, tag, startMillis, endMillis);
            return;
        }
        inflater.reset();
        inflater.setInput(compressed, 8, length);
        inflate(header, HEADER_BYTES);
        ByteBuffer h = ByteBuffer.wrap(header);
        int innerCookie = h.getInt();
        int payloadBytes = h.getInt();
        int normalizingIndexOffset = h.getInt();
        int digits = h.getInt();
        long lowest = h.getLong();
        h.getLong();
        double integerToDoubleRatio = h.getDouble();
        if (cookieBase(innerCookie) != V2_COOKIE_BASE || normalizingIndexOffset != 0 || integerToDoubleRatio != 1.0) {
            decodeByLibrary(in.rewind(), into, tag, startMillis, endMillis);
            return;
        }
        if (payload.length < payloadBytes) {
            payload = new byte[Math.max(payloadBytes, payload.length * 2)];
        }
        inflate(payload, payloadBytes);
        into.start(tag, startMillis, endMillis, geometry(lowest, digits));
        readCounts(payloadBytes, lowest, digits, into);
    }

    private void readCounts(int payloadBytes, long lowest, int digits, DecodedInterval into) {
        // as AbstractHistogram's constructor derives them
        int unitMagnitude = (int) (Math.log(lowest) / Math.log(2));
        long largestValueWithSingleUnitResolution = 2 * (long) Math.pow(10, digits);
        int subBucketHalfCountMagnitude = (int) Math.ceil(Math.log(largestValueWithSingleUnitResolution) / Math.log(2)) - 1;
        int subBucketHalfCount = 1 << subBucketHalfCountMagnitude;
        ByteBuffer counts = ByteBuffer.wrap(payload, 0, payloadBytes);
        int index = 0;
        while (counts.position() < payloadBytes) {
            long count = zigZagLong(counts);
            if (count < 0) {
                index += (int) -count;
            } else {
                if (count > 0) {
                    int bucket = (index >> subBucketHalfCountMagnitude) - 1;
                    int subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
                    if (bucket < 0) {
                        subBucket -= subBucketHalfCount;
                        bucket = 0;
                    }
                    into.add((long) subBucket << (bucket + unitMagnitude), count);
                }
                index++;
            }
        }
    }

    private void decodeByLibrary(ByteBuffer compressed, DecodedInterval into, String tag, long startMillis, long endMillis) {
        Histogram decoded;
        try {
            decoded = Histogram.decodeFromCompressedByteBuffer(compressed, 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a compressed histogram: " + e.getMessage(), e);
        }
        into.start(tag, startMillis, endMillis, geometry(decoded.getLowestDiscernibleValue(), decoded.getNumberOfSignificantValueDigits()));
        for (HistogramIterationValue v : decoded.recordedValues()) {
            into.add(decoded.lowestEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
        }
    }

    private Histogram geometry(long lowest, int digits) {
        return geometries.computeIfAbsent(lowest * 16 + digits, k -> new Histogram(lowest, Math.max(2 * lowest, 2), digits));
    }

    private void inflate(byte[] into, int bytes) {
        try {
            int n = 0;
            while (n < bytes) {
                int read = inflater.inflate(into, n, bytes - n);
                if (read == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("compressed histogram ends after " + n + " of " + bytes + " bytes");
                }
                n += read;
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a compressed histogram: " + e.getMessage(), e);
        }
    }

    private static int cookieBase(int cookie) {
        return cookie & ~0xf0;
    }

    /** HdrHistogram's ZigZag LEB128 variant: at most nine bytes, the ninth with all eight bits. */
    private static long zigZagLong(ByteBuffer in) {
        long value = 0;
        int shift = 0;
        long b;
        do {
            b = in.get();
            value |= shift == 56 ? b << 56 : (b & 0x7F) << shift;
            shift += 7;
        } while (shift <= 56 && (b & 0x80) != 0);
        return (value >>> 1) ^ -(value & 1);
    }
}

package io.soakrig.harness.redis;

import java.util.HashMap;
import java.util.Map;

/**
 * The figures of Redis's {@code INFO memory} that soakrig judges, as the server reports them.
 *
 * <p>{@code used_memory} is what the data set and its overhead take inside Redis's allocator — the
 * figure {@code maxmemory} is enforced against, and so the one a leak of keys shows in;
 * {@code used_memory_rss} is what the process holds from the kernel (allocator fragmentation
 * included), which a container limit counts.
 *
 * @param usedMemory    {@code used_memory}, bytes
 * @param usedMemoryRss {@code used_memory_rss}, bytes
 * @param maxmemory     {@code maxmemory}, bytes; 0 means no limit
 */
public record RedisInfo(long usedMemory, long usedMemoryRss, long maxmemory) {
    /**
     * Parses the reply of {@code INFO memory} ({@code field:value} lines, {@code #} section
     * headers, CRLF line ends).
     *
     * @throws IllegalArgumentException when a field is missing or not a whole number: a reply
     *                                  that is not Redis's is not read as zero
     */
    public static RedisInfo parse(String reply) {
        Map<String, String> fields = new HashMap<>();
        for (String line : reply.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new RedisInfo(field(fields, "used_memory"), field(fields, "used_memory_rss"), field(fields, "maxmemory"));
    }

    private static long field(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("INFO memory has no " + name);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("INFO memory's " + name + " is not a byte count: " + value);
        }
    }
}

package io.soakrig.profile;

/**
 * A variant of a stub's memory settings, any of which may be absent (kept as the target has it).
 * Each replaces the stub's own setting, so each is held to the same {@link Limits} as the stub's.
 *
 * @param heapMb           the JVM's maximum heap
 * @param memoryLimitMb    the container memory limit
 * @param maxHeapSizeBytes a perimeter's overload manager {@code max_heap_size_bytes}
 */
public record MemoryVariant(Integer heapMb, Integer memoryLimitMb, Long maxHeapSizeBytes) {
    /** No change. */
    public static final MemoryVariant NONE = new MemoryVariant(null, null, null);

    /** Checks the variant as applied to {@code stub}, the target {@code targetName}. */
    void check(Checks at, String targetName, StubSpec stub) {
        at.at("heapMb").within(heapMb, Limits.HEAP_MB);
        at.at("memoryLimitMb").within(memoryLimitMb, Limits.MEMORY_LIMIT_MB);
        if (maxHeapSizeBytes != null && stub.role() != StubRole.PERIMETER) {
            at.at("maxHeapSizeBytes").fail("only a perimeter has an overload manager; " + targetName + " is " + stub.role());
        } else if (maxHeapSizeBytes != null && maxHeapSizeBytes < Limits.MIN_OVERLOAD_HEAP_BYTES) {
            at.at("maxHeapSizeBytes").fail("must be at least 1 MiB");
        }
    }
}

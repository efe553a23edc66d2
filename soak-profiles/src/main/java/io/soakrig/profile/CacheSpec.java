package io.soakrig.profile;

/**
 * A metadata cache with a memory budget. Its budget is also capped by the heap actually free,
 * so that when something else eats the heap the cache shrinks, as memory-sensitive caches do.
 *
 * @param budgetMb    most MiB the cache may hold (default 32)
 * @param entryBytes  size of one cached metadata entry (default 4096)
 * @param catalogSize distinct metadata keys, drawn uniformly per request (default 10000)
 */
public record CacheSpec(Integer budgetMb, Integer entryBytes, Integer catalogSize) {
    public static final CacheSpec DEFAULT = new CacheSpec(null, null, null);

    public CacheSpec {
        budgetMb = budgetMb == null ? 32 : budgetMb;
        entryBytes = entryBytes == null ? 4096 : entryBytes;
        catalogSize = catalogSize == null ? 10_000 : catalogSize;
    }

    void check(Checks at) {
        at.at("budgetMb").range(budgetMb, 0, Limits.HEAP_MB.max());
        at.at("entryBytes").within(entryBytes, Limits.CACHE_ENTRY_BYTES);
        at.at("catalogSize").within(catalogSize, Limits.CATALOG_SIZE);
    }
}

/**
 * A key → value map whose entries expire, on a clock the test controls: the shape of every small
 * cache interface the use cases take (get/set), for tests of the use case rather than of src/cache.
 */
export function ttlMap<V>(ttlMs: number, now: () => number) {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    async get(key: string): Promise<V | undefined> {
      const entry = entries.get(key);
      if (!entry || entry.until <= now()) return undefined;
      return entry.value;
    },
    async set(key: string, value: V): Promise<void> {
      entries.set(key, { value, until: now() + ttlMs });
    },
    get size() {
      return entries.size;
    },
  };
}

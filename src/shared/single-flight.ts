/**
 * Concurrent calls with the same key share one run of `work`: the first caller starts it, later
 * callers get the same promise until it settles. Nothing is remembered after that (a cache is the
 * caller's business); a failure reaches every caller that shared the run.
 */
export interface SingleFlight {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Runs in flight now. */
  size(): number;
}

export function createSingleFlight(): SingleFlight {
  const inflight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const running = inflight.get(key);
      if (running) return running as Promise<T>;
      const started = Promise.resolve()
        .then(work)
        .finally(() => inflight.delete(key));
      inflight.set(key, started);
      return started;
    },
    size: () => inflight.size,
  };
}

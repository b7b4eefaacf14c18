/**
 * Lets acknowledgements go before answers. A listener awaits `afterAcks()` right after `ack()` and
 * resumes on a later turn of the event loop, one listener per turn: between two turns Node polls the
 * sockets again, so every Slack request already waiting is read, verified and acknowledged before the
 * next piece of answer work (cache, render, the response_url POST) starts.
 *
 * Without it, a listener ran on from `ack()` through cache hits and rendering in one microtask chain,
 * and Node read the next socket only once that chain waited on real I/O: under a burst, each ack
 * waited for the answer work of every request read before it (ack p99 about 200–350 ms for 200
 * concurrent commands where Slack allows 3 s; see bench/slack.bench.ts).
 *
 * What it orders is the event loop, so one bot needs one queue: the composition root builds it
 * (src/compose/bot.ts) and every listener of that bot is given the same one.
 */
export type AfterAcks = () => Promise<void>;

/** A queue of listeners waiting for their turn: first come, first served, one per event-loop turn. */
export function createAfterAcks(): AfterAcks {
  const waiting: (() => void)[] = [];
  let scheduled = false;

  function nextTurn(): void {
    waiting.shift()?.();
    if (waiting.length > 0) setImmediate(nextTurn);
    else scheduled = false;
  }

  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(nextTurn);
      }
    });
}

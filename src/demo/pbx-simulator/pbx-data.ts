import type { BusyFloor } from './busy-floor.js';
import type { SimExtension, SimLeg, SimSide, SimSummary } from './index.js';

/**
 * What the simulated PBX holds: its extensions and call legs, stored, and those of a busy floor made
 * up on demand (src/demo/pbx-simulator/busy-floor.ts). Behaviour reads it; tests change it.
 */
export interface PbxData {
  readonly extensions: readonly SimExtension[];
  /** The stored legs (the floor's are made up only for a window: `legsBetween`). */
  legs(): IterableIterator<SimLeg>;
  /** Every leg whose start (wall clock as UTC ms, via `timeOf`) lies in [startMs, endMs]. */
  legsBetween(startMs: number, endMs: number, timeOf: (leg: SimLeg) => number | undefined): Iterable<SimLeg>;
  leg(legId: string): SimLeg | undefined;
  extensionById(id: number): SimExtension | undefined;
  addLeg(leg: SimLeg): void;
  addExtension(ext: SimExtension): void;
  setSummary(legId: string, side: SimSide, summary: SimSummary | undefined): void;
}

export function createPbxData(
  initial: { extensions: SimExtension[]; legs: SimLeg[] },
  floor?: BusyFloor,
): PbxData {
  const extensions = [...initial.extensions, ...(floor?.extensions ?? [])];
  const legs = new Map(initial.legs.map((leg) => [leg.legId, leg]));
  return {
    extensions,
    legs: () => legs.values(),
    *legsBetween(startMs, endMs, timeOf) {
      for (const leg of legs.values()) {
        const t = timeOf(leg);
        if (t !== undefined && t >= startMs && t <= endMs) yield leg;
      }
      if (floor) yield* floor.legsBetween(startMs, endMs);
    },
    leg: (legId) => legs.get(legId) ?? floor?.leg(legId),
    extensionById: (id) => extensions.find((e) => e.id === id),
    addLeg: (leg) => {
      legs.set(leg.legId, leg);
    },
    addExtension: (ext) => {
      extensions.push(ext);
    },
    setSummary: (legId, side, summary) => {
      const leg = legs.get(legId);
      if (!leg) throw new Error(`simulator: no leg ${legId}`);
      if (summary) leg.summaries[side] = summary;
      else delete leg.summaries[side];
    },
  };
}

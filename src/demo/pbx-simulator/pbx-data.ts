import type { SimExtension, SimLeg, SimSide, SimSummary } from './index.js';

/** What the simulated PBX holds: its extensions and call legs. Behaviour reads it; tests change it. */
export interface PbxData {
  readonly extensions: readonly SimExtension[];
  legs(): IterableIterator<SimLeg>;
  leg(legId: string): SimLeg | undefined;
  extensionById(id: number): SimExtension | undefined;
  addLeg(leg: SimLeg): void;
  addExtension(ext: SimExtension): void;
  setSummary(legId: string, side: SimSide, summary: SimSummary | undefined): void;
}

export function createPbxData(initial: { extensions: SimExtension[]; legs: SimLeg[] }): PbxData {
  const extensions = [...initial.extensions];
  const legs = new Map(initial.legs.map((leg) => [leg.legId, leg]));
  return {
    extensions,
    legs: () => legs.values(),
    leg: (legId) => legs.get(legId),
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

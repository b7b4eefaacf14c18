import type { Side } from './leg-id.js';

/**
 * One AI call summary, normalised from the PBX's answer (`data.src` or `data.dst` of
 * `cdr/getaisummary`, or the summary carried by event 30040). Shared by the PBX client, the cache,
 * the renderer and the Slack surfaces.
 */
export interface CallSummary {
  /** Canonical leg id, e.g. `20260513223234-3EE9E`. */
  readonly legId: string;
  /** Whose summary: the caller's (`src`) or the callee's (`dst`). */
  readonly side: Side;
  /** The summary as the PBX gave it: HTML written by a language model. */
  readonly html: string;
  /** Display name of the extension's user (may be empty). */
  readonly name: string;
  /** Extension number (may be empty when the PBX omits it). */
  readonly extNum: string;
  /** Avatar path or URL as the PBX gave it (may be empty). */
  readonly avatar: string;
  /** PBX summary id, when given. */
  readonly id: number | null;
  /** Creation time, Unix seconds (the PBX sends a string or a number). */
  readonly createdAt: number | null;
  /** Update time, Unix seconds. */
  readonly updatedAt: number | null;
}

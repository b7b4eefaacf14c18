import { randomBytes } from 'node:crypto';

/**
 * The two short-lived handles Slack gives an app with each interaction, with Slack's documented
 * lifetimes: a `trigger_id` opens one view within 3 seconds ("expired_trigger_id",
 * "exchanged_trigger_id"; reference §1.3, docs.slack.dev views.open), and a `response_url` answers
 * "up to 5 times within 30 minutes" (reference §1.2). The clock is injected so tests need no sleep.
 */

export const TRIGGER_LIFETIME_MS = 3000;
const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

/** Where an answer through a response_url lands, when the local Slack plays the client too. */
export interface ResponseContext {
  readonly channel?: string;
  readonly user?: string;
  /**
   * The message `replace_original`/`delete_original` act on: the message whose button was clicked,
   * or, for a command, the last message the URL itself produced ("a slash command's URL only updates
   * the message that command produced", reference §1.2).
   */
  original?: { readonly channel: string; readonly ts: string } | undefined;
  /** Thread a shortcut's answers belong to. */
  readonly threadTs?: string;
}

interface Trigger {
  readonly user: string | undefined;
  readonly issuedAt: number;
  exchanged: boolean;
}

interface ResponseUrlState {
  readonly context: ResponseContext;
  readonly issuedAt: number;
  uses: number;
  dead: boolean;
}

export type TriggerOutcome =
  | { readonly ok: true; readonly user: string | undefined }
  | {
      readonly ok: false;
      readonly error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id';
    };

export type ResponseUrlOutcome =
  | { readonly ok: true; readonly context: ResponseContext }
  | { readonly ok: false; readonly error: 'expired_url' | 'used_up' | 'unknown_url' };

export interface Interactions {
  mintTrigger(user?: string): string;
  exchangeTrigger(id: unknown): TriggerOutcome;
  /** Registers a response_url id (the caller builds the URL around it). */
  mintResponseUrl(id: string, context?: ResponseContext): void;
  useResponseUrl(id: string): ResponseUrlOutcome;
  /** Whether this id was ever issued (a request to any other is answered before its body is read). */
  knowsResponseUrl(id: string): boolean;
  /** Kills a response_url now, as Slack's are after 30 minutes. */
  expireResponseUrl(id: string): void;
}

export function createInteractions(now: () => number = Date.now): Interactions {
  const triggers = new Map<string, Trigger>();
  const responseUrls = new Map<string, ResponseUrlState>();
  let seq = 0;
  const sweep = () => {
    // Bounded memory in a long demo: handles far past their lifetime are forgotten.
    const t = now();
    for (const [id, trigger] of triggers)
      if (t - trigger.issuedAt > 60 * TRIGGER_LIFETIME_MS) triggers.delete(id);
    for (const [id, url] of responseUrls)
      if (t - url.issuedAt > 2 * RESPONSE_URL_LIFETIME_MS) responseUrls.delete(id);
  };
  return {
    mintTrigger(user) {
      if (++seq % 256 === 0) sweep();
      // Slack's shape: "<digits>.<digits>.<hex>".
      const id = `${Math.floor(now() / 1000)}.${seq}.${randomBytes(16).toString('hex')}`;
      triggers.set(id, { user, issuedAt: now(), exchanged: false });
      return id;
    },
    exchangeTrigger(id) {
      const trigger = typeof id === 'string' ? triggers.get(id) : undefined;
      if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
      if (trigger.exchanged) return { ok: false, error: 'exchanged_trigger_id' };
      if (now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
      trigger.exchanged = true;
      return { ok: true, user: trigger.user };
    },
    mintResponseUrl(id, context = {}) {
      if (++seq % 256 === 0) sweep();
      // The same id twice is the same URL: its uses and its death are kept.
      if (responseUrls.has(id)) return;
      responseUrls.set(id, { context, issuedAt: now(), uses: 0, dead: false });
    },
    knowsResponseUrl(id) {
      return responseUrls.has(id);
    },
    useResponseUrl(id) {
      const url = responseUrls.get(id);
      if (!url) return { ok: false, error: 'unknown_url' };
      if (url.dead || now() - url.issuedAt > RESPONSE_URL_LIFETIME_MS)
        return { ok: false, error: 'expired_url' };
      url.uses += 1;
      if (url.uses > RESPONSE_URL_USES) return { ok: false, error: 'used_up' };
      return { ok: true, context: url.context };
    },
    expireResponseUrl(id) {
      const url = responseUrls.get(id);
      if (url) url.dead = true;
      else responseUrls.set(id, { context: {}, issuedAt: now(), uses: 0, dead: true });
    },
  };
}

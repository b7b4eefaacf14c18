import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_SCOPES } from './local-slack/web-api.js';
import type { LocalChannel, LocalUser } from './local-slack/workspace.js';
import type { SimLeg, SimSide } from './pbx-simulator/index.js';

/** The demo's workspace: who you are, the channels, and where the PBX's summaries are routed. */

/** You: the agent at extension 3202 of the sample PBX (same email, so "my calls" can match). */
export const DEMO_ME: LocalUser = {
  id: 'U0DEMOLEO',
  name: 'leo.ball',
  realName: 'Leo Ball',
  email: 'leo.ball@example.com',
  // As Slack gives it; the page's language switch changes it.
  locale: 'en-US',
};
export const DEMO_USERS: readonly LocalUser[] = [
  DEMO_ME,
  { id: 'U0DEMOKRIS', name: 'kristin.hale', realName: 'Kristin Hale', email: 'kristin.hale@example.com' },
];

export const SUPPORT_CHANNEL = 'C0DEMOSUPPORT';
const ROUTED_CHANNEL = 'C0DEMOCALLS';

export const DEMO_CHANNELS: Readonly<Record<string, Omit<LocalChannel, 'id'>>> = {
  [SUPPORT_CHANNEL]: { name: 'support' },
  [ROUTED_CHANNEL]: { name: 'call-summaries' },
};

/** The demo's ROUTING_FILE: the support desk's extensions post into #call-summaries. */
export const DEMO_ROUTING_YAML = `# The demo's routing: summaries of the sample PBX's extensions go to #call-summaries.
routes:
  - extensions: ["3200-3299"]
    channel: ${ROUTED_CHANNEL}
`;

interface Manifest {
  readonly oauth_config?: { readonly scopes?: { readonly bot?: unknown } };
  readonly features?: { readonly shortcuts?: unknown; readonly slash_commands?: unknown };
}

function readManifest(path: string): Manifest | undefined {
  try {
    return parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    // An installed package has no manifest.yml: the defaults below are what it ships with.
    return undefined;
  }
}

/** The bot scopes manifest.yml asks for: the local Slack grants exactly those, as an install would. */
export function manifestScopes(manifestPath: string): string {
  const bot = readManifest(manifestPath)?.oauth_config?.scopes?.bot;
  return Array.isArray(bot) && bot.every((s) => typeof s === 'string') ? bot.join(',') : DEFAULT_SCOPES;
}

/** The message shortcuts manifest.yml declares: the page's message menu offers exactly those. */
export function manifestShortcuts(manifestPath: string): { callbackId: string; name: string }[] {
  const list = readManifest(manifestPath)?.features?.shortcuts;
  const found = (Array.isArray(list) ? list : [])
    .filter(
      (s): s is { type: string; callback_id: string; name: unknown } =>
        typeof s === 'object' && s !== null && s.type === 'message' && typeof s.callback_id === 'string',
    )
    .map((s) => ({ callbackId: s.callback_id, name: String(s.name) }));
  return found.length > 0 ? found : [{ callbackId: 'callsummary_from_message', name: 'Get call summary' }];
}

/** The slash commands manifest.yml declares: any other `/word` is answered as Slack answers it. */
export function manifestCommands(manifestPath: string): string[] {
  const list = readManifest(manifestPath)?.features?.slash_commands;
  const found = (Array.isArray(list) ? list : [])
    .map((c: unknown) =>
      typeof c === 'object' && c !== null ? (c as { command?: unknown }).command : undefined,
    )
    .filter((c): c is string => typeof c === 'string' && c.startsWith('/'))
    .map((c) => c.toLowerCase());
  return found.length > 0 ? found : ['/callsummary'];
}

/**
 * What #support holds when the demo starts: a call alert as a PBX integration posts one, with a leg id
 * to try "Get call summary" on (its ⋮ menu).
 */
export const SUPPORT_ALERT =
  ":telephone_receiver: *Call alert* from the PBX: +1 415 555 0123 called extension 3202 (Leo Ball), leg 20260513223234-3EE9E. Open this message's ⋮ menu and choose *Get call summary* to post its summary in the thread.";

const CALL_STORIES: readonly { caller: string; html: string }[] = [
  {
    caller: '+14155550199',
    html: '<p>Call Summary</p><ul><li>Dana Whitfield called about a <b>double charge</b> on invoice 2291.</li><li>The agent confirmed the duplicate and started a refund.</li></ul><p>Key Points</p><ul><li>Refund of $49.00 takes 3–5 business days.</li></ul><p>Follow-Up Actions</p><ul><li>Email Dana the refund confirmation.</li><li>Check why the payment retried.</li></ul>',
  },
  {
    caller: '+442071838750',
    html: '<p>Call Summary</p><ul><li>Omar Haddad asked how to add <i>five more seats</i> to his team plan.</li></ul><p>Key Points</p><ol><li>Seats are billed pro rata.</li><li>Admins can add seats under Billing.</li></ol><p>Follow-Up Actions</p><ul><li>Send Omar the seat pricing sheet.</li></ul>',
  },
  {
    caller: '+61293744000',
    html: '<p>Call Summary</p><ul><li>Priya Natarajan reported that exports stop at 10,000 rows.</li><li>The agent reproduced it and opened ticket <code>EXP-118</code>.</li></ul><p>Follow-Up Actions</p><ul><li>Engineering to raise the export cap.</li><li>Call Priya back on Friday.</li></ul>',
  },
];

/**
 * A new finished call for "Simulate a finished call": a fresh leg (so it is posted once, like any
 * new call) answered by extension 3202, stamped with the PBX-local time now.
 */
export function newDemoCall(sequence: number, now = new Date()): { leg: SimLeg; side: SimSide } {
  const story = CALL_STORIES[sequence % CALL_STORIES.length]!;
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const legId = `${stamp}-${randomBytes(3).toString('hex').slice(0, 5).toUpperCase()}`;
  const seconds = Math.floor(now.getTime() / 1000);
  return {
    side: 'callee',
    leg: {
      legId,
      uid: `${seconds}.${9000 + sequence}`,
      callType: 'Inbound',
      callFrom: story.caller,
      callTo: '3202',
      time: `${now.getFullYear()}/${pad(now.getMonth() + 1)}/${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`,
      durationSeconds: 95,
      summaries: {
        callee: {
          id: 10_000 + sequence,
          html: story.html,
          createdAt: seconds,
          updatedAt: seconds,
          name: 'Human Agent - Leo Ball',
          extNum: '3202',
          avatar: '',
        },
      },
    },
  };
}

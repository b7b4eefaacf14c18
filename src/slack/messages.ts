import { z } from 'zod';
import { LEG_ID_SHAPE, otherSide, type Side } from '../leg-id.js';
import { escapeMrkdwn } from '../render/index.js';
import type { SideResult, SummaryLookup } from '../summary-service.js';
import type { PostedMetadata, RenderSummary, SlackBlock } from './deps.js';
import { describeForSlack } from './slack-errors.js';

/** Action ids of our buttons; each listener in listeners/actions matches one. */
export const ACTION_IDS = {
  share: 'callsummary_share',
  showSide: 'callsummary_show_side',
  refresh: 'callsummary_refresh',
  retry: 'callsummary_retry',
} as const;

/** What a button needs to redo a lookup; kept short because a button value holds 2,000 characters. */
export interface LookupRef {
  readonly legId: string;
  readonly side: Side | undefined;
  readonly extension: string | undefined;
}

const lookupRefSchema = z.object({
  l: z.string().min(1).max(64),
  s: z.enum(['caller', 'callee']).nullable(),
  e: z.string().max(32).nullable(),
});

export function encodeRef(ref: LookupRef): string {
  return JSON.stringify({ l: ref.legId, s: ref.side ?? null, e: ref.extension ?? null });
}

/** Button values come back from Slack: foreign input, validated; undefined when not ours. */
export function decodeRef(value: string | undefined): LookupRef | undefined {
  if (value === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = lookupRefSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return { legId: parsed.data.l, side: parsed.data.s ?? undefined, extension: parsed.data.e ?? undefined };
}

/** `call_summary_posted` metadata (design.md) for a summary posted where others see it. */
export function postedMetadata(legId: string, side: Side): PostedMetadata {
  return { event_type: 'call_summary_posted', event_payload: { leg_id: legId, side } };
}

/** Slack user ids as Slack sends them; anything else is not put inside a mention. */
const USER_ID = /^[UW][A-Z0-9]{1,20}$/;

export interface SlackMessage {
  readonly text: string;
  readonly blocks: SlackBlock[];
}

function button(text: string, actionId: string, value: string, style?: 'primary'): SlackBlock {
  return {
    type: 'actions',
    block_id: `${actionId}_${Math.abs(hash(value)).toString(36)}`,
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text },
        action_id: actionId,
        value,
        ...(style ? { style } : {}),
      },
    ],
  };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

const SIDE_LABEL: Readonly<Record<Side, string>> = { caller: 'caller', callee: 'callee' };

/**
 * The private answer to a lookup: each side's summary (or why there is none), then the buttons.
 * `interactive: false` gives the shared copy, which carries no buttons.
 */
export function lookupMessage(
  lookup: SummaryLookup,
  render: RenderSummary,
  options: { readonly asked: LookupRef; readonly interactive: boolean; readonly sharedBy?: string },
): SlackMessage {
  const blocks: SlackBlock[] = [];
  const texts: string[] = [];
  const found = lookup.results.filter((r) => r.status === 'found');
  for (const result of lookup.results) {
    const part = resultBlocks(lookup.legId, result, render, options.asked, options.interactive, found.length);
    blocks.push(...part.blocks);
    texts.push(part.text);
  }
  if (options.sharedBy !== undefined && USER_ID.test(options.sharedBy)) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Shared by <@${options.sharedBy}>` }],
    });
  }
  if (options.interactive && found.length > 0) {
    const ref = encodeRef({ ...options.asked, legId: lookup.legId });
    const buttons = [
      {
        type: 'button' as const,
        text: { type: 'plain_text' as const, text: 'Share in channel' },
        action_id: ACTION_IDS.share,
        value: ref,
        style: 'primary' as const,
      },
      ...(options.asked.side !== undefined
        ? [
            {
              type: 'button' as const,
              text: {
                type: 'plain_text' as const,
                text: `Show ${SIDE_LABEL[otherSide(options.asked.side)]}`,
              },
              action_id: ACTION_IDS.showSide,
              value: encodeRef({
                legId: lookup.legId,
                side: otherSide(options.asked.side),
                extension: undefined,
              }),
            },
          ]
        : []),
      {
        type: 'button' as const,
        text: { type: 'plain_text' as const, text: 'Refresh' },
        action_id: ACTION_IDS.refresh,
        value: ref,
      },
    ];
    blocks.push({ type: 'actions', block_id: 'callsummary_buttons', elements: buttons });
  }
  return { text: texts.join('\n'), blocks };
}

function resultBlocks(
  legId: string,
  result: SideResult,
  render: RenderSummary,
  asked: LookupRef,
  interactive: boolean,
  summaries: number,
): SlackMessage {
  switch (result.status) {
    case 'found': {
      const rendered = render(result.summary, { surface: 'message', of: Math.max(1, summaries) });
      return { text: rendered.text, blocks: [...rendered.blocks] };
    }
    case 'none': {
      const text = `No AI summary yet for the ${SIDE_LABEL[result.side]} of call leg ${legId}. Summaries arrive a few minutes after the call ends.`;
      const blocks: SlackBlock[] = [section(text)];
      if (interactive) {
        blocks.push(
          button(
            'Try again',
            ACTION_IDS.retry,
            encodeRef({
              legId,
              side: result.side,
              extension: asked.side === result.side ? asked.extension : undefined,
            }),
          ),
        );
      }
      return { text, blocks };
    }
    case 'outside_number': {
      const text = `The ${SIDE_LABEL[result.side]} of call leg ${legId} is an outside number; only extensions have AI summaries.`;
      return { text, blocks: [section(text)] };
    }
  }
}

/**
 * A failure, in words the person can act on (never a stack trace); Try again when it may help.
 * Messages can quote what the person typed (`"<!channel>" is not a leg id`), and Slack parses `<…>`
 * in mrkdwn and in the top-level text alike, so both are escaped.
 */
export function errorMessage(error: unknown, retry?: LookupRef): SlackMessage {
  const described = describeForSlack(error);
  // Bounded so that even fully escaped (& becomes 5 characters) they stay inside Slack's 3,000-character
  // section and context limits, whatever an error says: an answer Slack refuses reaches nobody.
  const message = shorten(described.message, 550);
  const hint = shorten(described.hint, 500);
  const text = escapeMrkdwn(`${message} ${hint}`);
  const blocks: SlackBlock[] = [
    section(`:warning: ${escapeMrkdwn(message)}`),
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(hint) }] },
  ];
  if (retry) blocks.push(button('Try again', ACTION_IDS.retry, encodeRef(retry)));
  return { text, blocks };
}

/** mrkdwn: `<leg-id>` is escaped, or Slack would read it as a link and show `leg-id`. */
export const COMMAND_USAGE = [
  `*Usage:* \`/callsummary ${escapeMrkdwn('<leg-id>')} [caller|callee] [extension]\``,
  `• A leg id looks like ${LEG_ID_SHAPE}.`,
  '• `caller` (or `src`, `from`) and `callee` (or `dst`, `to`) choose a side; without one you get every side that has a summary.',
  '• Give the extension number when the PBX cannot tell who was on that side.',
].join('\n');

/** The private answer when a message names no leg id (mrkdwn, escaped). */
export function noLegIdMessage(): SlackMessage {
  const text = escapeMrkdwn(
    `I found no call leg id in that message. A leg id looks like ${LEG_ID_SHAPE}; you can also run \`/callsummary <leg-id>\`.`,
  );
  return { text, blocks: [section(text)] };
}

export function usageMessage(): SlackMessage {
  return { text: COMMAND_USAGE, blocks: [section(COMMAND_USAGE)] };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

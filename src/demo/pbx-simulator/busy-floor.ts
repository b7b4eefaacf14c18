import type { SimExtension, SimLeg, SimSummary, SimUtterance } from './index.js';

/**
 * A busy support floor on demand (`callsPerDay`, `PBX_SIM_CALLS_PER_DAY`): N transcribed calls a
 * day, every day of the last BUSY_FLOOR_DAYS up to the simulator's "now", made up when asked for and
 * never stored, so a floor of 5,000 calls a day costs the simulator nothing until an export reads it.
 * Each call is a pure function of its day and its slot in the day: the same window always holds the
 * same calls (leg ids, parties, transcript, summary), and a leg id alone finds its call again
 * (getaisummary, getaicontext). An export row of one of them is about 4 KB, as on a real floor, most
 * of it the transcript.
 *
 * Times here are the PBX's wall clock read as UTC milliseconds, as the rest of the simulator compares
 * them; "now" is the simulator's clock in its time zone.
 */
export const BUSY_FLOOR_DAYS = 28;
/** Agents' extensions: 40 of them, numbered 6100–6139 (no sample number is a part of one). */
export const BUSY_FLOOR_AGENTS = 40;
const FIRST_AGENT = 6100;
const FIRST_AGENT_ID = 9100;
/** Customers: 20,000 outside numbers, so most have a few calls in a month. */
const CUSTOMERS = 20_000;
/** Leg ids of the floor end in five hex digits starting with F: `…-Fxxxx`. */
const LEG_MARK = 'F';
const DAY_MS = 86_400_000;

export interface BusyFloor {
  readonly extensions: readonly SimExtension[];
  /** The floor's calls whose start lies in [startMs, endMs] (wall clock as UTC ms), oldest first. */
  legsBetween(startMs: number, endMs: number): Generator<SimLeg>;
  /** The floor's call with this leg id, if it is one (and has happened by now). */
  leg(legId: string): SimLeg | undefined;
}

export function createBusyFloor(options: {
  readonly callsPerDay: number;
  /** The PBX's wall clock now, as UTC ms. */
  readonly wallNow: () => number;
}): BusyFloor {
  const perDay = Math.max(1, Math.floor(options.callsPerDay));
  const extensions: SimExtension[] = Array.from({ length: BUSY_FLOOR_AGENTS }, (_, i) => ({
    id: FIRST_AGENT_ID + i,
    number: String(FIRST_AGENT + i),
    name: `Floor Agent ${String(i + 1).padStart(2, '0')}`,
    email: `agent${String(i + 1).padStart(2, '0')}@floor.example.com`,
  }));
  const slotStartMs = (day: number, slot: number) =>
    day * DAY_MS + Math.floor(((slot + 0.5) * DAY_MS) / perDay);
  const earliest = () => (Math.floor(options.wallNow() / DAY_MS) - BUSY_FLOOR_DAYS + 1) * DAY_MS;

  function* legsBetween(startMs: number, endMs: number): Generator<SimLeg> {
    const from = Math.max(startMs, earliest());
    const to = Math.min(endMs, options.wallNow());
    if (from > to) return;
    for (let day = Math.floor(from / DAY_MS); day <= Math.floor(to / DAY_MS); day++) {
      // The slots whose start falls in [from, to] on this day.
      const first = Math.max(0, Math.floor(((from - day * DAY_MS) * perDay) / DAY_MS) - 1);
      for (let slot = first; slot < perDay; slot++) {
        const at = slotStartMs(day, slot);
        if (at > to) break;
        if (at >= from) yield call(day, slot, at);
      }
    }
  }

  function leg(legId: string): SimLeg | undefined {
    const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})-F[0-9A-F]{4}$/i.exec(legId);
    if (!match) return undefined;
    const [, y, mo, d, h, mi, s] = match.map(Number) as [number, ...number[]];
    const at = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
    if (at < earliest() || at > options.wallNow()) return undefined;
    const day = Math.floor(at / DAY_MS);
    const near = Math.floor(((at - day * DAY_MS) * perDay) / DAY_MS);
    for (const slot of [near - 1, near, near + 1]) {
      if (slot < 0 || slot >= perDay) continue;
      const start = slotStartMs(day, slot);
      if (Math.floor(start / 1000) !== Math.floor(at / 1000)) continue;
      const found = call(day, slot, start);
      if (found.legId.toUpperCase() === legId.toUpperCase()) return found;
    }
    return undefined;
  }

  function call(day: number, slot: number, at: number): SimLeg {
    const random = seeded(day * 1_000_003 + slot);
    const agentIndex = Math.floor(random() * BUSY_FLOOR_AGENTS);
    const agent = extensions[agentIndex]!;
    const kind = random();
    const callType: SimLeg['callType'] = kind < 0.6 ? 'Inbound' : kind < 0.9 ? 'Outbound' : 'Internal';
    const customer = `+1415${String(2_000_000 + Math.floor(random() * CUSTOMERS)).padStart(7, '0')}`;
    const colleague =
      extensions[(agentIndex + 1 + Math.floor(random() * (BUSY_FLOOR_AGENTS - 1))) % BUSY_FLOOR_AGENTS]!;
    const [callFrom, callTo] =
      callType === 'Inbound'
        ? [customer, agent.number]
        : callType === 'Outbound'
          ? [agent.number, customer]
          : [agent.number, colleague.number];
    const durationSeconds = 60 + Math.floor(random() * 600);
    const topic = TOPICS[Math.floor(random() * TOPICS.length)]!;
    const hex = Math.floor(random() * 0x10000)
      .toString(16)
      .toUpperCase()
      .padStart(4, '0');
    const wall = new Date(at);
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    const stamp = `${pad(wall.getUTCFullYear(), 4)}${pad(wall.getUTCMonth() + 1)}${pad(wall.getUTCDate())}${pad(wall.getUTCHours())}${pad(wall.getUTCMinutes())}${pad(wall.getUTCSeconds())}`;
    const createdAt = Math.floor(at / 1000) + durationSeconds + 60;
    const summaryOf = (extNum: string): SimSummary => ({
      id: 1_000_000 + (day % 1000) * 100_000 + slot,
      html: summaryHtml(topic, slot),
      createdAt: String(createdAt),
      updatedAt: createdAt,
      name: extensions.find((e) => e.number === extNum)?.name ?? '',
      extNum,
      avatar: '',
    });
    const summaries: SimLeg['summaries'] = {};
    if (callType !== 'Outbound') summaries.callee = summaryOf(callTo);
    if (callType !== 'Inbound') summaries.caller = summaryOf(callFrom);
    const [customerSide, agentSide] = callType === 'Inbound' ? [callFrom, callTo] : [callTo, callFrom];
    return {
      legId: `${stamp}-${LEG_MARK}${hex}`,
      uid: `${stamp}${pad(slot % 100_000, 5)}`,
      callType,
      callFrom,
      callTo,
      time: `${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)} ${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}`,
      summaries,
      durationSeconds,
      // Made when read: an export filtered by number passes over every call of its window, and
      // keeps few.
      get transcript() {
        return transcript(topic, customerSide, agentSide, durationSeconds);
      },
    };
  }

  return { extensions, legsBetween, leg };
}

const TOPICS: readonly { readonly subject: string; readonly lines: readonly string[] }[] = [
  {
    subject: 'an invoice charged twice',
    lines: [
      'Hi, I was charged twice for last month and I would like the second charge refunded, please.',
      'I am sorry about that. Let me open your billing history and look at both charges with you now.',
      'Thank you. Both show the same amount and the same date, one in the morning, one in the afternoon.',
      'I can see them. The second one came from a retry after a timeout; I am starting the refund now.',
    ],
  },
  {
    subject: 'a login loop on the web portal',
    lines: [
      'Hello, every time I enter my password the page reloads and asks for it again, with no error.',
      'That sounds like the session cookie is not being kept. Which browser are you using today, please?',
      'It is the latest Chrome, and a colleague in the same office sees exactly the same thing since Monday.',
      'Thank you, that helps. I will escalate this to engineering with your details and call you back.',
    ],
  },
  {
    subject: 'a delivery that has not arrived',
    lines: [
      'Good morning, my order was due on Friday and the tracking page has not changed for four days.',
      'Let me check with the carrier. I can see it left our warehouse but was not scanned after that.',
      'It is for a customer event next week, so I really need it before Wednesday if that is possible.',
      'I understand. I will send a replacement by express today and open a claim for the lost parcel.',
    ],
  },
];

/** About 3 KB of transcript: the topic's exchange, then the usual back and forth to the goodbye. */
function transcript(
  topic: (typeof TOPICS)[number],
  first: string,
  second: string,
  durationSeconds: number,
): SimUtterance[] {
  const lines = [
    ...topic.lines,
    'Could you confirm the account number and the email address we have on file for you, please?',
    'Yes, the account ends in four two seven one, and the email is the one I am calling from today.',
    'Thank you, that matches. I have added a note to your account so my colleagues can see this call.',
    'While I am here, I can also see an older ticket of yours from last quarter that is still open.',
    'Oh, I had forgotten about that one. It was about the same kind of problem, if I remember well.',
    'It was closed on our side but the status was never updated; I am closing it properly right now.',
    'Good, thank you. And could you make sure that I am not charged for the time this took, please?',
    'Of course, there is no charge for this call, and I have noted that the issue was on our side.',
    'That is great. Will I get an email confirming what we agreed, or should I write it down myself?',
    'You will get an email within the hour with a summary of this call and the reference number.',
    'Perfect, thank you for your help today, I really appreciate that you sorted this out so quickly.',
    'You are welcome. Is there anything else I can help you with while I have your account open?',
    'No, that was everything for today. Have a good rest of your day, and thanks again. Goodbye.',
  ];
  const step = Math.floor((durationSeconds * 1000) / (lines.length + 1));
  return lines.map((content, i) => ({
    speaker: i % 2 === 0 ? first : second,
    content,
    atMs: 1000 + i * step,
  }));
}

function summaryHtml(topic: (typeof TOPICS)[number], slot: number): string {
  return `<p>Call Summary</p>\n<ul>\n<li>The customer called about ${topic.subject}.</li>\n<li>The agent checked the account and explained the next steps.</li>\n</ul>\n<p>Key Points</p>\n<ul>\n<li>Reference ${slot} was given for ${topic.subject}.</li>\n<li>The customer confirmed the account details.</li>\n</ul>\n<p>Follow-Up Actions</p>\n<ul>\n<li>Send the confirmation email with the reference number.</li>\n<li>Check back with the customer within two working days.</li>\n</ul>\n`;
}

/** A small deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

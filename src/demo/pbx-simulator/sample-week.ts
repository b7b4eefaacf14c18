import type { SimExtension, SimLeg, SimSummary, SimUtterance } from './index.js';

/**
 * A realistic week of a small support team, for finding calls (by customer number, by extension,
 * "my calls") and reading transcripts: about 200 calls over 10 extensions and 50 outside numbers,
 * inbound, outbound and internal, in office hours of the PBX's time zone, with names and summaries in
 * English and Chinese. The most recent calls and a few others have no summary yet; a few have long
 * transcripts (several `getaicontext` pages). Deterministic for a given end instant: a seeded
 * generator, so a test can name what it expects.
 *
 * Over 400 lines because it is mostly data: the extensions, customers' names and the call topics with
 * their summaries and transcripts, in English and Chinese. The generator is the short part at the
 * end, from `seeded` on.
 */

export interface SampleWeekOptions {
  /** The week ends here (Unix ms): the newest call is shortly before it. */
  readonly endingAt: number;
  /** The PBX's time zone, in which leg ids and times are written; default UTC. */
  readonly timeZone?: string;
  /** Calls in the week; default 200. */
  readonly calls?: number;
}

/** The five extensions the week adds to the sample's five (ids far from numbers, as there). */
export const WEEK_EXTENSIONS: readonly SimExtension[] = [
  { id: 91, number: '3206', name: 'Priya Natarajan', email: 'priya.natarajan@example.com' },
  { id: 104, number: '3207', name: '李娜 Li Na', email: 'li.na@example.com' },
  { id: 117, number: '3208', name: 'Marcus Oyelaran', email: 'marcus.oyelaran@example.com' },
  { id: 123, number: '3209', name: '陈伟 Chen Wei', email: 'chen.wei@example.com' },
  { id: 131, number: '3210', name: 'Sofia Lindqvist', email: 'Sofia.Lindqvist@Example.com' },
];

/** Extensions that take and make customer calls, with the language they work in. */
const AGENTS: readonly { readonly number: string; readonly name: string; readonly chinese: boolean }[] = [
  { number: '3202', name: 'Leo Ball', chinese: false },
  { number: '3203', name: 'Kristin Hale', chinese: false },
  { number: '3205', name: '王芳', chinese: true },
  { number: '3206', name: 'Priya Natarajan', chinese: false },
  { number: '3207', name: '李娜', chinese: true },
  { number: '3208', name: 'Marcus Oyelaran', chinese: false },
  { number: '3209', name: '陈伟', chinese: true },
  { number: '3210', name: 'Sofia Lindqvist', chinese: false },
];
const INTERNAL_ONLY = ['3204', '32020'];
/** Every extension's caller-id name (the sample's five and the week's), as summaries carry it. */
const EXTENSION_NAMES: Readonly<Record<string, string>> = {
  '3202': 'Human Agent - Leo Ball',
  '3203': 'Kristin Hale',
  '3204': 'Support Queue Overflow',
  '3205': '王芳 Wang Fang',
  '32020': 'Lab Phone',
  ...Object.fromEntries(WEEK_EXTENSIONS.map((e) => [e.number, e.name])),
};

const ENGLISH_CUSTOMERS = [
  'Evelyn Moore',
  'James Carter',
  'Amelia Brooks',
  'Daniel Whitfield',
  'Olivia Grant',
  'Noah Patel',
  'Grace Kim',
  'Liam Fitzgerald',
  'Hannah Schultz',
  'Ethan Rossi',
  'Chloe Dubois',
  'Samuel Okafor',
  'Isabella Novak',
  'Lucas Meyer',
  'Mia Andersson',
  'Benjamin Hart',
  'Zoe Laurent',
  'Oscar Lindgren',
  'Ava Sullivan',
  'Henry Walsh',
  'Ruby Chen',
  'Jack Morales',
  'Ella Petrov',
  'Leo Hoffman',
  'Nora Quinn',
  'Felix Wagner',
  'Ivy Nakamura',
  'Adam Kowalski',
  'Lily Ferreira',
  'Max Johansson',
  'Clara Bianchi',
  'Theo Russo',
  'Alice Martin',
  'Hugo Lefevre',
  'Maya Singh',
];
const CHINESE_CUSTOMERS = [
  '张伟',
  '王静',
  '刘洋',
  '陈晨',
  '杨帆',
  '赵磊',
  '黄丽',
  '周杰',
  '吴敏',
  '徐婷',
  '孙浩',
  '马琳',
  '朱强',
  '胡雪',
  '郭涛',
];

interface Topic {
  readonly summary: readonly string[];
  readonly points: readonly string[];
  readonly actions: readonly string[];
  readonly lines: readonly string[];
}

/** `{c}` is the customer, `{a}` the agent. */
const ENGLISH_TOPICS: readonly Topic[] = [
  {
    summary: [
      '{c} cannot log in since this morning and sees the login page again after the password.',
      '{a} checked the account and found it locked after repeated attempts.',
    ],
    points: ['The account was locked by the security policy.', 'Two colleagues of {c} report the same.'],
    actions: [
      'Unlock the account and send {c} a password reset link.',
      'Check the lockout threshold with the security team.',
    ],
    lines: [
      'I cannot log in since this morning.',
      'Which page do you see after the password?',
      'The login page again, no error at all.',
      'I see the account is locked after several attempts.',
      'Can you unlock it? Two colleagues have the same problem.',
      'I will unlock it now and send you a reset link.',
    ],
  },
  {
    summary: [
      '{c} asked why the October invoice is higher than usual.',
      '{a} explained the extra seats added mid-month.',
    ],
    points: ['Three seats were added on 14 October.', 'The charge is prorated.'],
    actions: ['Email {c} the itemised invoice.', 'Offer a call with the account manager.'],
    lines: [
      'My October invoice is higher than usual.',
      'Let me look at it with you.',
      'I do not remember changing anything.',
      'Three seats were added in the middle of the month.',
      'Ah, that was our new team.',
      'I will email you the itemised invoice.',
    ],
  },
  {
    summary: [
      '{c} reported that the delivery of order 58213 is five days late.',
      '{a} traced the parcel to the regional depot.',
    ],
    points: ['The parcel is held at the depot for an address check.', '{c} needs it before Friday.'],
    actions: ['Ask the carrier to release the parcel today.', 'Call {c} back with the new delivery date.'],
    lines: [
      'My order is five days late.',
      'Could you give me the order number?',
      'It is 58213.',
      'The parcel is at the regional depot for an address check.',
      'I need it before Friday.',
      'I will ask the carrier to release it today and call you back.',
    ],
  },
  {
    summary: [
      '{c} wants to upgrade to the annual plan.',
      '{a} walked through the price difference and the migration.',
    ],
    points: ['The annual plan saves two months.', 'Existing data is kept.'],
    actions: ['Send {c} the annual plan quote.', 'Schedule the switch for the first of the month.'],
    lines: [
      'We would like to move to the annual plan.',
      'Happy to help. Do you know the price difference?',
      'Not exactly.',
      'It saves you two months a year, and your data stays as it is.',
      'Great, please send a quote.',
      'I will send it today.',
    ],
  },
  {
    summary: [
      '{c} asked for a refund of a duplicate payment.',
      '{a} confirmed the duplicate charge of 49.00.',
    ],
    points: ['The card was charged twice on the same day.', 'Refunds take 5 to 7 working days.'],
    actions: ['Issue the refund of 49.00.', 'Send {c} the refund confirmation.'],
    lines: [
      'I was charged twice this month.',
      'I can see two payments of 49.00 on the same day.',
      'Can I get one back?',
      'Yes, I am issuing the refund now.',
      'How long does it take?',
      'Five to seven working days.',
    ],
  },
  {
    summary: [
      '{c} is integrating the API and gets 401 errors.',
      '{a} found that the token was sent in a header the API ignores.',
    ],
    points: ['The token must go in the query string.', 'The sandbox works the same way.'],
    actions: ['Send {c} the example request.', 'Add the case to the integration FAQ.'],
    lines: [
      'Our integration gets 401 errors.',
      'How do you send the token?',
      'In the Authorization header.',
      'The API expects it in the query string instead.',
      'That explains it.',
      'I will send you an example request.',
    ],
  },
  {
    summary: [
      '{c} called about renewing the support contract that ends next month.',
      '{a} confirmed the renewal terms.',
    ],
    points: ['The contract ends on the 30th.', 'The price stays the same for another year.'],
    actions: ['Send the renewal agreement to {c}.', 'Remind {c} a week before the end date.'],
    lines: [
      'Our support contract ends next month.',
      'Would you like to renew on the same terms?',
      'Yes, if the price stays the same.',
      'It does, for another year.',
      'Then please send the agreement.',
      'I will send it this afternoon.',
    ],
  },
  {
    summary: [
      '{c} reported that the mobile app crashes when opening reports.',
      '{a} reproduced it on the current version.',
    ],
    points: ['Only reports with charts crash.', 'A fix is in the next release.'],
    actions: ['Share the workaround: open reports in the web app.', 'Tell {c} when the fix is released.'],
    lines: [
      'The mobile app crashes when I open a report.',
      'Does it happen with every report?',
      'Only the ones with charts.',
      'I can reproduce it. A fix is in the next release.',
      'What can I do until then?',
      'Open the reports in the web app for now.',
    ],
  },
];

const CHINESE_TOPICS: readonly Topic[] = [
  {
    summary: ['{c}反映今天早上起无法登录系统。', '{a}确认账户因多次输错密码被锁定。'],
    points: ['账户被安全策略锁定。', '同事也遇到同样的问题。'],
    actions: ['为{c}解锁账户并发送重置密码链接。', '与安全团队核对锁定阈值。'],
    lines: [
      '您好，我今天早上开始就登录不了。',
      '请问输入密码后看到的是什么页面？',
      '又回到登录页面，没有任何错误提示。',
      '我看到您的账户因多次尝试被锁定了。',
      '能帮我解锁吗？',
      '现在就为您解锁，并发送重置链接。',
    ],
  },
  {
    summary: ['{c}询问十月份账单金额偏高的原因。', '{a}解释是月中新增了席位。'],
    points: ['十月十四日新增了三个席位。', '费用按天折算。'],
    actions: ['把明细账单发给{c}。', '安排客户经理回访。'],
    lines: [
      '我的十月账单比平时高。',
      '我来帮您看一下。',
      '我们好像没有改过什么。',
      '月中新增了三个席位。',
      '哦，是新团队。',
      '我把明细账单发到您的邮箱。',
    ],
  },
  {
    summary: ['{c}反映订单发货延迟了五天。', '{a}查到包裹停留在区域仓库。'],
    points: ['包裹因地址核对被暂扣。', '{c}需要在周五前收到。'],
    actions: ['联系物流今天放行包裹。', '回电告知{c}新的送达日期。'],
    lines: [
      '我的订单晚了五天还没到。',
      '请提供一下订单号。',
      '订单号是58213。',
      '包裹在区域仓库等待地址核对。',
      '我周五前必须收到。',
      '我马上联系物流放行，稍后回电给您。',
    ],
  },
];

/** A seeded generator (mulberry32): the same week for the same end instant. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Customer {
  readonly number: string;
  /** As the PBX writes it in the export: some trunks drop the `+`. */
  readonly written: string;
  readonly name: string;
  readonly chinese: boolean;
}

/** 50 outside numbers: the sample's customers first, then US, UK, German and Chinese ones. */
function customers(): Customer[] {
  const list: Customer[] = [
    { number: '+14155550123', written: '+14155550123', name: 'Kristin Hale', chinese: false },
    { number: '+8613800138000', written: '+8613800138000', name: '张伟', chinese: true },
    { number: '+442079460000', written: '+442079460000', name: 'James Carter', chinese: false },
  ];
  ENGLISH_CUSTOMERS.forEach((name, i) => {
    const region = i % 3;
    const number =
      region === 0
        ? `+1415555${String(200 + i).padStart(4, '0')}`
        : region === 1
          ? `+44207946${String(100 + i).padStart(4, '0')}`
          : `+4930${String(1_200_000 + i * 7)}`;
    // Every fourth trunk writes the number without its +.
    list.push({ number, written: i % 4 === 3 ? number.slice(1) : number, name, chinese: false });
  });
  CHINESE_CUSTOMERS.forEach((name, i) => {
    const number = `+86139${String(10_000_000 + i * 137).padStart(8, '0')}`;
    list.push({ number, written: number, name, chinese: true });
  });
  return list.slice(0, 50);
}

/** The wall clock of the PBX's zone, as `[YYYY, MM, DD, hh, mm, ss]` strings of an instant. */
function wallClockReader(
  timeZone: string,
): (epochMs: number) => [string, string, string, string, string, string] {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (epochMs) => {
    const parts = format.formatToParts(new Date(epochMs));
    const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
    return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
  };
}

function summaryHtml(topic: Topic, chinese: boolean, customer: string, agent: string): string {
  const fill = (text: string) => text.replaceAll('{c}', customer).replaceAll('{a}', agent);
  const list = (items: readonly string[]) =>
    `<ul>\n${items.map((i) => `<li>${fill(i)}</li>\n`).join('')}</ul>\n`;
  const [s, k, f] = chinese
    ? ['通话摘要', '要点', '后续行动']
    : ['Call Summary', 'Key Points', 'Follow-Up Actions'];
  return `<p>${s}</p>\n${list(topic.summary)}<p>${k}</p>\n${list(topic.points)}<p>${f}</p>\n${list(topic.actions)}`;
}

/** A conversation: the topic's lines, and for a long call its follow-up questions many times over. */
function transcript(
  topic: Topic,
  speakers: { readonly first: string; readonly second: string; readonly chinese: boolean },
  long: boolean,
  random: () => number,
): SimUtterance[] {
  const { first, second, chinese } = speakers;
  const lines = [...topic.lines];
  if (long) {
    for (let round = 1; lines.length < 70; round++) {
      lines.push(
        chinese
          ? `我再确认一下第${round}点。`
          : `Let me go over point ${round} once more to be sure we agree.`,
        chinese ? `对，第${round}点没问题。` : `Yes, point ${round} is right.`,
      );
    }
  }
  let atMs = 1200;
  return lines.map((content, i) => {
    const line = { speaker: i % 2 === 0 ? first : second, content, atMs };
    atMs += 2500 + Math.floor(random() * 9000);
    return line;
  });
}

/**
 * The week's legs, oldest first. Calls fall in office hours (08:00–18:00 on weekdays, a few on
 * Saturday) of the PBX's time zone, each with a leg id made of its start time and five hex digits.
 */
export function sampleWeek(options: SampleWeekOptions): SimLeg[] {
  const wallParts = wallClockReader(options.timeZone ?? 'UTC');
  const total = options.calls ?? 200;
  const random = seeded(Math.floor(options.endingAt / 3_600_000));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const people = customers();
  const weekMs = 7 * 24 * 3600 * 1000;
  const legs: SimLeg[] = [];
  let summaryId = 5000;
  let tries = 0;
  while (legs.length < total && tries < total * 50) {
    tries += 1;
    const at = options.endingAt - 10 * 60_000 - Math.floor(random() * weekMs);
    const [year, month, day, hour, minute, second] = wallParts(at);
    const weekday = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay();
    const hourNumber = Number(hour);
    const officeHours =
      weekday >= 1 && weekday <= 5
        ? hourNumber >= 8 && hourNumber < 18
        : weekday === 6 && hourNumber >= 9 && hourNumber < 12;
    if (!officeHours) continue;
    const hex = Math.floor(random() * 0xfffff)
      .toString(16)
      .toUpperCase()
      .padStart(5, '0');
    const legId = `${year}${month}${day}${hour}${minute}${second}-${hex}`;
    if (legs.some((leg) => leg.legId === legId)) continue;

    const kind = random();
    const callType: SimLeg['callType'] = kind < 0.5 ? 'Inbound' : kind < 0.8 ? 'Outbound' : 'Internal';
    const agent = pick(AGENTS);
    const customer =
      callType === 'Internal'
        ? undefined
        : pick(people.filter((p) => p.chinese === agent.chinese || random() < 0.15));
    const colleague =
      callType === 'Internal'
        ? random() < 0.15
          ? { number: pick(INTERNAL_ONLY), name: 'Support', chinese: false }
          : pick(AGENTS.filter((a) => a.number !== agent.number))
        : undefined;
    const chinese = agent.chinese && (customer?.chinese ?? colleague?.chinese ?? true);
    const topic = pick(chinese ? CHINESE_TOPICS : ENGLISH_TOPICS);
    const otherName = customer?.name ?? colleague?.name ?? '';
    const [callFrom, callTo] =
      callType === 'Inbound'
        ? [customer!.number, agent.number]
        : callType === 'Outbound'
          ? [agent.number, customer!.number]
          : [agent.number, colleague!.number];
    const durationSeconds = 30 + Math.floor(random() * 900);
    const long = legs.length % 53 === 7;
    // The topic's lines open with the customer's problem (the colleague's, on an internal call).
    const [customerSide, agentSide] = callType === 'Inbound' ? [callFrom, callTo] : [callTo, callFrom];
    const spoken = transcript(topic, { first: customerSide, second: agentSide, chinese }, long, random);
    const createdAt = Math.floor(at / 1000) + durationSeconds + 60;
    const summaryOf = (extNum: string, name: string): SimSummary => ({
      id: summaryId++,
      html: summaryHtml(topic, chinese, otherName, agent.name),
      createdAt: String(createdAt),
      updatedAt: createdAt,
      name,
      extNum,
      avatar: '',
    });
    const summaries: SimLeg['summaries'] = {};
    // AI transcription is per extension: an outside party never has a summary.
    if (callType !== 'Outbound') summaries.callee = summaryOf(callTo, EXTENSION_NAMES[callTo] ?? '');
    if (callType !== 'Inbound') summaries.caller = summaryOf(callFrom, EXTENSION_NAMES[callFrom] ?? '');
    legs.push({
      legId,
      uid: `${Math.floor(at / 1000)}.${3000 + legs.length}`,
      callType,
      callFrom,
      callTo,
      time: `${year}/${month}/${day} ${hour}:${minute}:${second}`,
      summaries,
      durationSeconds,
      transcript: spoken,
      ...(customer && customer.written !== customer.number ? { writtenNumber: customer.written } : {}),
    });
  }
  legs.sort((a, b) => a.legId.localeCompare(b.legId));
  // Summaries are written minutes after a call ends: the newest calls, and a few others, have none yet.
  for (const leg of [...legs.slice(-4), ...legs.filter((_, i) => i % 41 === 20)]) leg.summaries = {};
  return legs;
}

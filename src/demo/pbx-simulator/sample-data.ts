import type { SimExtension, SimLeg, SimUtterance } from './index.js';
import { type SampleWeekOptions, sampleWeek, WEEK_EXTENSIONS } from './sample-week.js';

/** The summary HTML of the source document's example, byte for byte (get-ai-call-summary.md). */
export const DOC_EXAMPLE_SUMMARY_HTML =
  '<p>Call Summary</p>\n<ul>\n<li>Kristin Hale was transferred to a human agent regarding a login issue.</li>\n<li>She reported that 60% of users cannot log in and keep seeing an error message.</li>\n<li>The human agent offered to check server logs and escalate to the engineering team.</li>\n</ul>\n<p>Key Points</p>\n<ul>\n<li>60% of users are affected by the login issue.</li>\n<li>The page refreshes after password entry with no error code.</li>\n<li>The human agent escalated the issue to the engineering team.</li>\n</ul>\n<p>Follow-Up Actions</p>\n<ul>\n<li>Check server logs for login failure records.</li>\n<li>Investigate the login loop issue.</li>\n<li>Provide Kristin Hale with an estimated resolution time.</li>\n</ul>\n';

/** Leg ids of the sample data, named so tests and `npm run pbx:sim` can point at them. */
export const SAMPLE_LEGS = {
  /** The source document's example: outside caller (no summary), callee 3202 has one. */
  docExample: '20260513223234-3EE9E',
  /** Internal call 3202 → 3203, both sides summarised. */
  internalBoth: '20260514091500-A1B2C',
  /** Inbound call to 3205 with a Chinese-language summary. */
  chinese: '20260514101010-0C0FF',
  /** Outbound call from 3203 whose summary is not ready yet. */
  noSummaryYet: '20260514113000-DEAD1',
} as const;

export interface SampleDataOptions {
  /** Add a realistic week of calls ending then (and the five extensions it needs): src/demo/pbx-simulator/sample-week.ts. */
  readonly week?: SampleWeekOptions;
}

/**
 * Sample PBX contents. Extension ids are deliberately far from the numbers (42 for 3202) so a client
 * that sends a number where an id belongs gets "no summary" instead of a lucky hit.
 */
export function sampleData(options: SampleDataOptions = {}): { extensions: SimExtension[]; legs: SimLeg[] } {
  const extensions: SimExtension[] = [
    { id: 42, number: '3202', name: 'Human Agent - Leo Ball', email: 'leo.ball@example.com' },
    { id: 57, number: '3203', name: 'Kristin Hale', email: 'kristin.hale@example.com' },
    { id: 61, number: '3204', name: 'Support Queue Overflow' },
    { id: 73, number: '3205', name: '王芳 Wang Fang', email: 'wang.fang@example.com' },
    // A number that contains another (32020 contains 3202): search is a substring match.
    { id: 88, number: '32020', name: 'Lab Phone' },
  ];
  const legs: SimLeg[] = [
    {
      legId: SAMPLE_LEGS.docExample,
      uid: '1778682754.1021',
      callType: 'Inbound',
      callFrom: '+14155550123',
      callTo: '3202',
      time: '2026/05/13 22:32:34',
      summaries: {
        callee: {
          id: 53,
          html: DOC_EXAMPLE_SUMMARY_HTML,
          createdAt: 1778682824,
          updatedAt: 1778682824,
          name: 'Human Agent - Leo Ball',
          extNum: '3202',
          avatar: '',
        },
      },
    },
    {
      legId: SAMPLE_LEGS.internalBoth,
      uid: '1778750100.2001',
      callType: 'Internal',
      callFrom: '3202',
      callTo: '3203',
      time: '2026/05/14 09:15:00',
      summaries: {
        caller: {
          id: 61,
          html: '<p>Call Summary</p>\n<ul>\n<li>Leo Ball asked Kristin Hale to review the login escalation.</li>\n</ul>\n<p>Follow-up Actions</p>\n<ul>\n</ul>\n',
          createdAt: '1778750220',
          updatedAt: 1778750220,
          name: 'Human Agent - Leo Ball',
          extNum: '3202',
          avatar: '',
        },
        callee: {
          id: 62,
          html: '<p>Call Summary</p>\n<ul>\n<li>Kristin Hale agreed to check the server logs &amp; report back by 5 pm.</li>\n</ul>\n<p>Key Points</p>\n<ul>\n<li>Escalation ticket <b>#4711</b> stays open.</li>\n</ul>\n',
          createdAt: '1778750221',
          updatedAt: 1778750221,
          name: 'Kristin Hale',
          extNum: '3203',
          avatar: '/avatar/3203.png',
        },
      },
    },
    {
      legId: SAMPLE_LEGS.chinese,
      uid: '1778753410.2002',
      callType: 'Inbound',
      callFrom: '+8613800138000',
      callTo: '3205',
      time: '2026/05/14 10:10:10',
      summaries: {
        callee: {
          id: 70,
          html: '<p>通话摘要</p>\n<ul>\n<li>客户反映无法登录系统，页面在输入密码后刷新。</li>\n</ul>\n<p>后续行动</p>\n<ul>\n<li>检查服务器日志并在今天内回复客户。</li>\n</ul>\n',
          createdAt: 1778753500,
          updatedAt: 1778753500,
          name: '王芳 Wang Fang',
          extNum: '3205',
          avatar: '',
        },
      },
    },
    {
      legId: SAMPLE_LEGS.noSummaryYet,
      uid: '1778758200.2003',
      callType: 'Outbound',
      callFrom: '3203',
      callTo: '+442079460000',
      time: '2026/05/14 11:30:00',
      summaries: {},
    },
  ];
  if (!options.week) return { extensions, legs };
  return {
    extensions: [...extensions, ...WEEK_EXTENSIONS.map((e) => ({ ...e }))],
    legs: [...legs, ...sampleWeek(options.week)],
  };
}

/** The exchange the AI export shows for a leg that carries no transcript of its own. */
export function placeholderTranscript(leg: SimLeg): SimUtterance[] {
  return [
    { speaker: leg.callTo, content: 'Hello, how can I help you?', atMs: 0 },
    { speaker: leg.callFrom, content: 'I have a question about my account.', atMs: 2500 },
  ];
}

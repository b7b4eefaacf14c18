import type { Catalogue } from './en.js';

/**
 * 简体中文. Same keys and arguments as en.ts (a test compares them). Numbers, dates and plurals come from
 * ICU; Chinese has no plural forms, so `plural` keeps only `other` (and exact matches such as `=0`).
 */
export const zhCN = {
  // ── common ──
  'common.duration.seconds': '{seconds}秒',
  'common.duration.minutes': '{minutes}分{seconds}秒',
  'common.duration.hours': '{hours}小时{minutes}分',
  // ── end common ──

  // ── post ──
  'post.updated.note': ':pencil2: 已于 {when} 更新：PBX 重新生成了此摘要。',
  'post.shared.by': '由 <@{userId}> 分享',
  // ── end post ──

  // ── notify ──
  'notify.watching': '摘要生成后我会在这里发给你，通常只需几分钟；24 小时后我将停止等待。',
  'notify.already': '我已在为你留意这通通话，摘要生成后会在这里发给你。',
  'notify.which': '通话 `{legId}`{side, select, caller {，主叫方} callee {，被叫方} other {}}',
  'notify.confirmation.text': '{text}（{which}）',
  'notify.stale': '此按钮已过期，请重新运行 /callsummary。',
  'notify.ready.note': '你让我留意的通话摘要已生成。',
  'notify.mine.note': '这是你的通话摘要。（你在主页标签中开启了此功能，可在那里关闭。）',
  'notify.share.button': '分享到频道',
  'notify.ended.outside':
    '已停止留意通话 {legId}：其{side, select, caller {主叫方} other {被叫方}}是外部号码，只有分机才有 AI 摘要，因此不会有摘要。',
  'notify.ended.failing': '已停止留意通话 {legId} 的摘要：',
  // ── end notify ──

  // ── demo ──
  'demo.language.option': '中文',
  // ── end demo ──
} as const satisfies Catalogue;

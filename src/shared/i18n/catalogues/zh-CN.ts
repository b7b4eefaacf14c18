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

  // ── list ──
  'list.period': '{unit, select, d {{amount}天} other {{amount}小时}}',
  'list.subject.extension': '分机 {extension}',
  'list.subject.extensionNamed': '分机 {extension}（{name}）',
  'list.heading.number':
    '*与 {who} 的通话*，最近{period}：第 {first}–{last} 条，{complete, select, yes {共 {total} 条} other {还有更多}}，最新的在前',
  'list.heading.mine':
    '*你的通话，{who}*，最近{period}：第 {first}–{last} 条，{complete, select, yes {共 {total} 条} other {还有更多}}，最新的在前',
  'list.heading.extension':
    '*{who}的通话*，最近{period}：第 {first}–{last} 条，{complete, select, yes {共 {total} 条} other {还有更多}}，最新的在前',
  'list.empty.number': '最近{period}内没有与 {who} 的通话。',
  'list.empty.mine': '最近{period}内没有你的通话，{who}。',
  'list.empty.extension': '最近{period}内没有{who}的通话。',
  'list.empty.hint': '只列出 PBX 已转写的通话。加长时间段可以查得更早：`/callsummary {query} {days}d`。',
  'list.empty.hintLongest': '只列出 PBX 已转写的通话，列表最多往前查 {days} 天。',
  'list.pbxClockNote': '时间为 PBX 时钟（设置 YEASTAR_TIMEZONE 后按你的时区显示）。',
  'list.newer.button': '较新',
  'list.older.button': '较早',
  'list.summary.button': '摘要',
  'list.call.when': "<!date^{epoch}^'{date_short_pretty} {time}'|{fallback} UTC>",
  'list.call.pbxClock': '{time}（PBX 时间）',
  'list.call.direction': '{direction, select, in {↙ 呼入} other {↗ 呼出}}',
  'list.call.directionInternal': '{direction, select, in {↙ 呼入} other {↗ 呼出}}（内部）',
  'list.call.unknownParty': '未知号码',
  'list.call.partyExtension': '分机 {number}',
  'list.call.partyExtensionNamed': '{name}（{number}）',
  'list.call.partyNamed': '{name} {number}',
  'list.call.line': '{when} · {direction} · {party}',
  'list.call.lineTalked': '{when} · {direction} · {party} · {duration}',
  'list.call.noSummary': '_暂无摘要。_',
  'list.outOfDate': '此按钮已过期，请重新运行 /callsummary。',
  'list.outOfDateTab': '此按钮已过期，请重新打开此标签页。',
  'list.summary.title': '通话摘要',
  'list.summary.loading': ':hourglass_flowing_sand: 正在查找通话摘要…',
  'list.modal.close.button': '关闭',
  // ── end list ──

  // ── transcript ──
  'transcript.title': '通话记录文本',
  'transcript.loading': ':hourglass_flowing_sand: 正在获取通话记录文本…',
  'transcript.heading': '通话 leg `{legId}` · 第 {page} 页',
  'transcript.none': 'PBX 暂无此通话的转写文本。转写文本与摘要一起生成，通常在通话结束几分钟后。',
  'transcript.noMore': '没有更多内容了。',
  'transcript.speaker':
    '*{speaker}*{hasNumber, select, yes { {number}} other {}}{hasAt, select, yes { · {at}} other {}}',
  'transcript.unknownSpeaker': '未知说话人',
  'transcript.silence': '_（静音）_',
  'transcript.cut': '此处较长的内容已缩短；`callsummary transcript {legId}` 可打印全文。',
  'transcript.previous.button': '上一页',
  'transcript.next.button': '下一页',
  'transcript.close.button': '关闭',
  'transcript.outOfDate': '此按钮已过期，请重新打开通话记录文本。',
  // ── end transcript ──

  // ── home ──
  'home.header': '通话摘要',
  'home.none': '你也可以查询任意分机或号码：`/callsummary 3202`、`/callsummary +14155550123`。',
  'home.updated':
    "更新于 <!date^{epoch}^'{date_short_pretty} {time}'|{fallback} UTC>；打开此标签页时刷新（最多每分钟一次）。`/callsummary help` 列出所有查询方式。",
  'home.dmMine.on': '*你的通话摘要：* 已开启。PBX 生成你这一方的通话摘要后，会发送到本应用的“消息”中。',
  'home.dmMine.off':
    '*你的通话摘要：* 已关闭。开启后，PBX 生成你这一方的通话摘要时，会发送到本应用的“消息”中。',
  'home.dmMine.stop.button': '停止发送',
  'home.dmMine.start.button': '把我的通话摘要发给我',
  'home.match':
    '你的 Slack 账号已匹配到分机 *{extension}*{named, select, yes {（{name}）} other {}}，{via, select, email {依据你的 Slack 邮箱地址} other {依据机器人的成员列表（USER_MAP_FILE）}}。',
  'home.failure': ':warning: {message}',
  'home.status.heading': '*状态*（供管理员查看）',
  'home.status.pbx':
    'PBX：{state, select, answering {正常响应} failing {*上一次请求失败*（`callsummary doctor` 可查看原因）} other {尚未请求}}',
  'home.status.posting':
    '自动发布：{state, select, webhook {已开启，通过 webhook} websocket {已开启，通过 WebSocket} other {已关闭（未设置 YEASTAR_WEBHOOK_SECRET 或 YEASTAR_WEBSOCKET）}}',
  'home.status.cache':
    '缓存：{kind, select, redis {Redis} other {内存}}{healthy, select, yes {} other {（无响应：直接从 PBX 获取结果）}}',
  'home.status.directory':
    '分机目录：{state, select, loaded {{size} 个分机} loading {加载中} other {无法读取（恢复之前，名称显示和按邮箱查询“我的通话”不可用）}}',
  'home.status.emails':
    '按 Slack 邮箱匹配成员：{state, select, on {已开启} other {已关闭：应用缺少 users:read 和 users:read.email 权限（请用 manifest.yml 重新安装）}}',
  'home.status.accessOpen': '谁能看哪些通话：*所有获准的成员都能看到全部通话*（未设置 ACCESS_FILE）',
  'home.status.accessRules':
    '谁能看哪些通话：按 ACCESS_FILE：{teams} 个团队，{admins} 位管理员；不属于任何团队的成员可看{others, select, own {自己的通话} none {无通话} other {全部通话}}；{transcripts, select, leads {通话记录文本仅限组长和管理员} other {通话记录文本随通话可见}}',
  // ── end home ──
} as const satisfies Catalogue;

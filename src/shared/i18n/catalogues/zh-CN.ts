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
  'list.call.direction': '{direction, select, in {↙ 呼入} other {↗ 呼出}}',
  'list.call.directionInternal': '{direction, select, in {↙ 呼入} other {↗ 呼出}}（内部）',
  'list.call.unknownParty': '未知号码',
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
    '更新于 {when}；打开此标签页时刷新（最多每分钟一次）。`/callsummary help` 列出所有查询方式。',
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

  // ── context ──
  'context.direction': '{direction, select, in {呼入} out {呼出} internal {内部通话} other {通话}}',
  'context.headline': '{direction} · {caller} → {callee}',
  'context.party.unknown': '未知',
  'context.party.extension': '分机 {number}',
  'context.party.namedExtension': '{name}（{number}）',
  'context.party.named': '{name} {number}',
  'context.who.unknown': '未知分机',
  'context.separator': ' · ',
  'context.talked': '通话 {duration}',
  'context.side': '{side, select, caller {主叫方} callee {被叫方} other {}}',
  'context.leg': '通话段 `{legId}`',
  'context.brief': '{line} — {point}',
  'context.pbxTime': '{when}（PBX 时间）',
  'context.date.format': "'{date_short_pretty} {time}'",
  'context.date.fallback': '{when}（UTC）',
  // ── end context ──

  // ── summary ──
  'summary.header':
    '{side, select, caller {通话摘要 · {who} · 主叫方} callee {通话摘要 · {who} · 被叫方} other {通话摘要 · {who}}}',
  'summary.unattributed.header': '通话摘要',
  'summary.context.leg': '通话段 `{legId}`',
  'summary.shortened': '_… 此摘要已缩短以适应 Slack 的长度限制；完整内容请查看 PBX 上的通话记录。_',
  'summary.emptySection': '（无）',
  'summary.empty': '（摘要为空。）',
  'summary.fallback.for': '{who}的通话摘要（{side, select, caller {主叫方} callee {被叫方} other {}}）',
  'summary.fallback.point': '{head}：{point}',
  'summary.fit.omitted':
    '_… {count, plural, =0 {其余内容} other {另有 # 项}}未显示：内容过长，一条 Slack {surface, select, modal {视图} other {消息}}放不下。_',
  'summary.share.button': '分享到频道',
  'summary.showSide.button': '{side, select, caller {查看主叫方} callee {查看被叫方} other {查看另一方}}',
  'summary.refresh.button': '刷新',
  'summary.transcript.button': '通话转写',
  'summary.retry.button': '重试',
  'summary.notify.button': '有摘要时通知我',
  'summary.updatedSinceLooked': ':pencil2: 自你上次查看后已更新。',
  'summary.checked':
    '{outcome, select, updated {:arrows_counterclockwise: 已于 {time} 检查：有更新。} other {:white_check_mark: 已于 {time} 检查：无变化。}}',
  'summary.checked.text':
    '{outcome, select, updated {已于 {time}（UTC）检查：有更新。} other {已于 {time}（UTC）检查：无变化。}}',
  'summary.checked.withAnswer': '{checked} {answer}',
  'summary.time.fallback': '{time}（UTC）',
  'summary.sharedBy': '由 {user} 分享',
  'summary.outside.group':
    '通话段 {legId} 的{side, select, caller {主叫方} callee {被叫方} other {}}是{group}，不是分机：摘要属于接听的坐席。请在 `{keyword}` 后加上坐席的分机号再查看。',
  'summary.outside.number':
    '通话段 {legId} 的{side, select, caller {主叫方} callee {被叫方} other {}}是外部号码；只有分机才有 AI 摘要。',
  'summary.noExtension': '通话段 {legId} 的双方都不是分机；只有分机才有 AI 摘要。',
  'summary.group': '{kind, select, queue {队列 {number}} other {响铃组 {number}}}',
  'summary.group.named': '{kind, select, queue {队列 {number}（{name}）} other {响铃组 {number}（{name}）}}',
  'summary.none.who.sideExtension':
    '{side, select, caller {主叫方} callee {被叫方} other {}}（分机 {extension}）',
  'summary.none.who.side': '{side, select, caller {主叫方} callee {被叫方} other {}}',
  'summary.none.who.extension': '分机 {extension}',
  'summary.none.recent': '通话段 {legId} 上{who}的 AI 摘要尚未生成。摘要会在通话结束几分钟后送达。',
  'summary.none.old':
    '通话段 {legId} 上{who}没有 AI 摘要。只有分机开启了 AI 通话转写，PBX 才会生成摘要，因此这通电话可能没有摘要。',
  'summary.error': ':warning: {message}',
  'summary.error.text': '{message} {hint}',
  'summary.noLegId':
    '这条消息里没有找到通话：没有通话段 ID（形如 {shape}），没有 CDR uid，也没有电话号码或分机号。也可以带上通话段 ID 或号码运行 `/callsummary`。',
  'summary.shared.here': '已分享到你发起请求的会话中。',
  'summary.shared.prefix': '已分享：',
  'summary.shared.text': '已分享：{links}',
  'summary.shared.link': '查看消息',
  'summary.shared.linkNumbered': '消息 {n}',
  'summary.shared.separator': '、',
  'summary.refused.note':
    '{sides, select, caller {:lock: 未显示这通电话的主叫方：它不在你可查看的通话范围内。} callee {:lock: 未显示这通电话的被叫方：它不在你可查看的通话范围内。} other {:lock: 这通电话的双方均未显示：它们不在你可查看的通话范围内。}}',
  'summary.refused.text':
    '{sides, select, caller {未显示这通电话的主叫方。} callee {未显示这通电话的被叫方。} other {这通电话的双方均未显示。}}',
  'summary.chooseOne': '请选择要发到消息列中的摘要。',
  'summary.alreadyPosted':
    '{legId} 的{side, select, caller {主叫方} callee {被叫方} other {}}摘要已在此消息列中。',
  'summary.outOfDate.command': '此按钮已过期；请重新运行 /callsummary。',
  'summary.outOfDate.open': '此按钮已过期；请重新打开该通话。',
  'summary.modal.title': '通话摘要',
  'summary.close.button': '关闭',
  'summary.post.button': '发到消息列',
  'summary.loading': ':hourglass_flowing_sand: 正在查找通话摘要…',
  'summary.noCall.uid': 'PBX 上（暂时）没有 CDR uid 为 {uid} 的通话：其摘要可能仍在生成中。',
  'summary.noCall.party':
    '在这条消息前后 {minutes, plural, other {# 分钟}}内没有找到 {party} 的通话。查看其通话：`/callsummary {party}`。',
  'summary.choice.label': '要发到消息列中的摘要',
  'summary.choice.option': '{who}，{side, select, caller {主叫方} callee {被叫方} other {}} · {when}',
  'summary.threadHead': ':telephone_receiver: *与 {who} 的通话* · 共 {count, plural, other {# 通}}',
  'summary.threadHead.last':
    ':telephone_receiver: *与 {who} 的通话* · 共 {count, plural, other {# 通}}，最近一通：{when}',
  'summary.threadHead.text': '与 {who} 的通话 · 共 {count, plural, other {# 通}}',
  // ── end summary ──

  // ── help ──
  'help.usage': '*用法：* `/callsummary …`',
  'help.form.leg': '• `<leg-id> [caller|callee] [extension]` — 某个通话段的摘要',
  'help.form.number': '• `+1 415 555 0123` 或 `4155550123` — 与该外部号码的通话',
  'help.form.extension': '• `3202` — 分机 3202 的通话',
  'help.form.me': '• `me`（或不加参数）— 你自己的通话',
  'help.form.period': '• 末尾加上时间范围（`24h`、`7d`，最长 `{max}d`）— 列表往前查多久',
  'help.form.help': '• `help` — 显示本说明',
  'help.legIdShape': 'YYYYMMDDhhmmss-XXXXX（例如 {example}）',
  'help.sides':
    '通话段 ID 形如 {shape}。用 `caller`（或 `src`、`from`）和 `callee`（或 `dst`、`to`）选择一方；不指定则返回所有有摘要的一方。PBX 无法判断某一方是谁时，请给出分机号。',
  // ── end help ──

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

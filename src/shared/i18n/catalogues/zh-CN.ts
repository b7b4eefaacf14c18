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
  'summary.directNote': '我无法在你提问的会话中回复，所以把回复发到了这里。',
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

  // ── error ──
  'error.generic.message': '获取通话摘要时出错了。',
  'error.generic.hint': '请稍后重试；如果一直出现，请让管理员查看 callsummary 的日志。',
  'error.what.summary_request': '摘要请求',
  'error.what.transcript_request': '转写请求',
  'error.what.ai_export': 'AI 转写导出',
  'error.what.export_download': '导出文件下载',
  'error.what.extension_list': '分机列表',
  'error.what.extension_search': '分机查询',
  'error.what.queue_list': '队列列表',
  'error.what.ring_group_list': '响铃组列表',
  'error.what.system_information': '系统信息请求',
  'error.what.login': '登录（get_token）',
  'error.what.token_refresh': 'token 刷新',
  'error.what.token_revocation': 'token 注销',
  'error.what.event_subscription': '事件订阅',
  'error.leg_id.shape': 'YYYYMMDDhhmmss-XXXXX（例如 {example}）',
  'error.errcode': 'errcode {errcode}',
  'error.config_invalid.message': '配置不完整或无效：\n{problems}',
  'error.config_invalid.message_source': '{source} 无效：\n{problems}',
  'error.config_invalid.problem': '  - {problem}',
  'error.config_invalid.hint':
    '请修正上面列出的问题（参见 .env.example、routing.example.yml 和 access.example.yml）。',
  'error.usage.hint.slack': '输入 `/callsummary help` 查看用法。',
  'error.usage.hint.cli': '运行 `callsummary help` 查看用法。',
  'error.bad_leg_id.message.empty': '需要提供 leg id，格式为 {shape}。',
  'error.bad_leg_id.message.call_time':
    '“{input}”只是通话时间，缺少 leg id 的后半部分；leg id 的格式为 {shape}。',
  'error.bad_leg_id.message.other': '“{input}”不是 leg id；leg id 的格式为 {shape}。',
  'error.bad_leg_id.hint': '请从通话记录（CDR）或来电提醒中复制：通话时间、一个短横线和五位十六进制数字。',
  'error.no_such_extension.message': 'PBX 上没有分机 {extension}。',
  'error.no_such_extension.hint.slack': '请检查号码；`/callsummary me` 会列出你自己的通话。',
  'error.no_such_extension.hint.cli':
    '请检查号码；`callsummary calls --user U…` 会列出某个 Slack 成员的通话。',
  'error.outside_number.message.side':
    '{legId} 的{side, select, caller {主叫方} callee {被叫方} other {这一方}}是外部号码；只有分机才有 AI 摘要。',
  'error.outside_number.message': '这一方是外部号码；只有分机才有 AI 摘要。',
  'error.outside_number.hint': '请查询通话的另一方，那一方是分机。',
  'error.party_unknown.message': 'PBX 导出中没有 leg id 为 {legId} 的通话，因此不知道它的分机。',
  'error.party_unknown.hint.slack':
    '请同时给出哪一方和分机号，例如分机 3202 接听时输入 `/callsummary {legId} callee 3202`。',
  'error.party_unknown.hint.cli':
    '请同时给出哪一方和分机号，例如分机 3202 接听时运行 `callsummary get {legId} callee --ext 3202`。',
  'error.not_transcribed_yet.message':
    '{legId} 还不在 PBX 的 AI 转写导出中，所以暂时不知道它的分机：通话结束几分钟后 AI 摘要写好，通话才会进入导出。',
  'error.not_transcribed_yet.hint.slack':
    '请几分钟后重试，或给出哪一方和分机号，例如分机 3202 接听时输入 `/callsummary {legId} callee 3202`。',
  'error.not_transcribed_yet.hint.cli':
    '请几分钟后重试，或给出哪一方和分机号，例如分机 3202 接听时运行 `callsummary get {legId} callee --ext 3202`。',
  'error.no_summary.message': '{legId} 没有 AI 摘要：{sides}。',
  'error.no_summary.side.outside': '{side, select, caller {主叫方} callee {被叫方} other {这一方}}是外部号码',
  'error.no_summary.side.pending': '{side, select, caller {主叫方} callee {被叫方} other {这一方}}还没有摘要',
  'error.no_summary.join': '{first}，{second}',
  'error.no_summary.hint': '开启了 AI 通话转写的分机，通话结束几分钟后才会有摘要；请稍后重试。',
  'error.no_transcript.message': 'PBX 上（暂时）没有 {legId} 的通话记录文本。',
  'error.no_transcript.hint':
    '开启了 AI 通话转写的分机，通话记录文本会在通话结束几分钟后与摘要一起生成；请稍后重试。',
  'error.pbx_unreachable.message.refused': 'PBX 拒绝了{what}的连接（该地址和端口上没有服务应答）。',
  'error.pbx_unreachable.message.dns': '{what}无法解析 PBX 的主机名。',
  'error.pbx_unreachable.message.tls': '{what}时 PBX 的 TLS 证书不受信任。',
  'error.pbx_unreachable.message.network': '{what}无法连接到 PBX。',
  'error.pbx_unreachable.message.broken': '{what}过程中与 PBX 的连接断开了。',
  'error.pbx_unreachable.message.http': 'PBX 未能应答{what}（HTTP {status}）。',
  'error.pbx_unreachable.message.errcode': 'PBX 未能应答{what}（{errcode}）。',
  'error.pbx_unreachable.hint.address': '请让管理员检查 YEASTAR_BASE_URL（主机和端口）以及 PBX 是否在运行。',
  'error.pbx_unreachable.hint.tls':
    '请让管理员检查 PBX 的证书；使用自有证书的本地部署 PBX 需要设置 YEASTAR_CA_FILE。',
  'error.pbx_unreachable.hint.network':
    '请一分钟后重试；如果问题持续，请让管理员检查机器人与 PBX 之间的网络。',
  'error.pbx_unreachable.hint.pbx': 'PBX 出现了问题；请一分钟后重试。',
  'error.pbx_timeout.message': 'PBX 未在 {timeoutMs} 毫秒内应答{what}。',
  'error.pbx_timeout.hint': '请一分钟后重试；如果问题持续，请让管理员检查 PBX 和网络（YEASTAR_TIMEOUT_MS）。',
  'error.pbx_credentials_rejected.message':
    'PBX 拒绝了 API 凭据（请检查 YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET）。',
  'error.pbx_credentials_rejected.hint': '请让管理员运行 `callsummary doctor`。',
  'error.pbx_ip_blocked.message.allowlist':
    'PBX 不允许来自此 IP 地址的 API 请求（{errcode}）；请把机器人的 IP 加入 API 的允许 IP（集成 > API）或 PBX 的允许 IP。',
  'error.pbx_ip_blocked.message.blocked':
    'PBX 已封禁此 IP 地址（{errcode}），例如因为登录失败 5 次；需要管理员在 安全 > 安全规则 > 已封禁 IP 中解除。',
  'error.pbx_ip_blocked.hint':
    '请让管理员在 PBX 的 安全 > 安全规则 > 已封禁 IP 中解除机器人的 IP，然后运行 `callsummary doctor`。',
  'error.pbx_ip_blocked.hint.doctor': '请让管理员在 PBX 的 安全 > 安全规则 > 已封禁 IP 中解除机器人的 IP。',
  'error.pbx_permission.message': 'PBX API 应用没有{what}的权限（{errcode}）。',
  'error.pbx_permission.hint': '请让管理员为 API 应用授予分机和 CDR/AI 的读取权限（PBX > 集成 > API）。',
  'error.pbx_token_limit.message': 'PBX 为此应用保留的 API token 过多（{errcode}）。',
  'error.pbx_token_limit.hint':
    'PBX 为此应用保留的 API token 过多；它们会在 30 分钟内过期。请让管理员运行 `callsummary doctor`。',
  'error.pbx_token_limit.hint.doctor': 'PBX 为此应用保留的 API token 过多；它们会在 30 分钟内过期。',
  'error.pbx_busy.message': 'PBX 正忙于另一个导出（{errcode}），未应答{what}。',
  'error.pbx_busy.message.waited': 'PBX 正忙于另一个导出（{errcode}），等待 {seconds} 秒后仍未应答{what}。',
  'error.pbx_busy.hint': 'PBX 一次只运行一个导出；请一分钟后重试。',
  'error.pbx_api.message.version':
    'PBX 不支持{what}的 API 版本（{errcode}）；AI 摘要需要 API v2.0，需要带 AI 通话转写的最新 PBX 固件。',
  'error.pbx_api.message.disabled': 'PBX API 不可用或已停用（{errcode}）；请在 PBX 的 集成 > API 中启用。',
  'error.pbx_api.message': 'PBX 拒绝了{what}（{errcode}）。',
  'error.pbx.try_again.hint': '请稍后重试；如果一直出现，请让管理员运行 `callsummary doctor`。',
  'error.pbx.try_again.hint.doctor': '请稍后重试。',
  'error.pbx_bad_response.message.redirect':
    'PBX 对{what}返回了重定向（HTTP {status}）；由于 token 在 URL 中，不会跟随重定向。请检查 YEASTAR_BASE_URL。',
  'error.pbx_bad_response.message.html':
    'PBX 对{what}返回了 HTML 页面（HTTP {status}），而不是 API 的 JSON；请检查 YEASTAR_BASE_URL（PBX 自己的地址，如 https://10.0.0.5:8088，或代理到它的路径，不带 /openapi）。',
  'error.pbx_bad_response.message.not_json': 'PBX 对{what}返回的内容不是 JSON（HTTP {status}）。',
  'error.pbx_bad_response.message.too_large':
    'PBX 对{what}返回了超过 {megabytes} MB 的内容，这不是 API 应答；请检查 YEASTAR_BASE_URL（PBX 自己的地址，或代理到它的路径）。',
  'error.pbx_bad_response.message.too_large_unknown':
    'PBX 对{what}返回的内容过多，这不是 API 应答；请检查 YEASTAR_BASE_URL（PBX 自己的地址，或代理到它的路径）。',
  'error.pbx_bad_response.message.no_errcode': 'PBX 对{what}的应答中没有 errcode。',
  'error.pbx_bad_response.message.shape': 'PBX 对{what}的应答格式不符合预期：{detail}',
  'error.pbx_bad_response.message.shape_unknown': 'PBX 对{what}的应答格式不符合预期。',
  'error.pbx_bad_response.message.status': 'PBX 对{what}返回了 HTTP {status}。',
  'error.pbx_bad_response.message.export_not_list': 'PBX 的 AI 转写导出不是通话的 JSON 列表。',
  'error.pbx_bad_response.message.export_too_large':
    'PBX 导出文件大于 {megabytes} MB；请缩小 YEASTAR_EXPORT_WINDOW_MINUTES。',
  'error.pbx_bad_response.message.export_too_large_unknown':
    'PBX 导出文件过大；请缩小 YEASTAR_EXPORT_WINDOW_MINUTES。',
  'error.pbx_bad_response.message.link_not_url': 'PBX 给出的{what}下载链接不是 URL。',
  'error.pbx_bad_response.message.link_elsewhere':
    'PBX 给出的{what}下载链接不在它自己的 /api/download/ 下；未跟随该链接。',
  'error.list_too_large.message':
    'PBX 中最近 {period} 的通话记录大于 {megabytes} MB，超出了应用一次能读取的量。',
  'error.list_too_large.message_unknown': 'PBX 中最近 {period} 的通话记录过大，超出了应用一次能读取的量。',
  'error.list_too_large.hint.slack': '请缩短时间段，例如 `/callsummary 3202 24h`。',
  'error.list_too_large.hint.cli': '请缩短时间段，例如 `--days 1`。',
  'error.member_unmatched.message.no_email': 'Slack 中没有 {userId} 的邮箱地址，因此无法匹配到分机。',
  'error.member_unmatched.message.no_scope':
    '应用无权读取 Slack 个人资料中的邮箱（权限范围 users:read 和 users:read.email），因此不知道你的分机。',
  'error.member_unmatched.message.no_extension':
    '没有哪个 PBX 分机使用 {userId} 的 Slack 个人资料中的邮箱地址。',
  'error.member_unmatched.message.no_directory': '无法读取 PBX 的分机列表，因此现在无法为你匹配分机。',
  'error.member_unmatched.message.not_mapped':
    'USER_MAP_FILE 中没有 {userId}（没有 SLACK_BOT_TOKEN 也无法读取个人资料邮箱）。',
  'error.member_unmatched.hint.no_directory': '请一分钟后重试。',
  'error.member_unmatched.hint.no_scope':
    '请让管理员添加 users:read 和 users:read.email（manifest.yml）并重新安装应用，或把你加入 USER_MAP_FILE。',
  'error.member_unmatched.hint.slack':
    '请让 PBX 管理员在你的分机上设置你的 Slack 邮箱，或让机器人的管理员把你加入 USER_MAP_FILE。在此之前，可以按号码查询：`/callsummary 3202`。',
  'error.member_unmatched.hint.cli':
    '请在 USER_MAP_FILE 中设置该成员（`U0123ABCD: "3202"`），或直接给出分机号。',
  'error.restarting.message': '机器人正在重启，未能完成此操作。',
  'error.restarting.hint': '请一分钟后重试。',
  'error.access_refused.message.list': '抱歉，你无权查看分机 {extension} 的通话。',
  'error.access_refused.message.transcript_leads': '抱歉，通话 {legId} 的通话记录文本仅供组长和管理员查看。',
  'error.access_refused.message.transcript': '抱歉，你无权阅读通话 {legId} 的通话记录文本。',
  'error.access_refused.message.summary': '抱歉，你无权查看通话 {legId} 的摘要。',
  'error.access_refused.hint': '你可以查看自己分机的通话，以及你所带团队的通话；如需查看更多，请联系管理员。',
  'error.not_allowed.message': '抱歉，你在这里无法使用通话摘要。',
  'error.not_allowed.hint': '通话摘要仅对部分频道和人员开放；如需访问，请联系你的 Slack 管理员。',
  'error.slack_token_rejected.message': 'Slack 拒绝了 {variable}（{slackError}）。',
  'error.slack_token_rejected.hint.app_token':
    '请将 SLACK_APP_TOKEN 设置为带 connections:write 的 xapp- App-Level Token（Basic Information > App-Level Tokens），然后运行 `callsummary doctor`。',
  'error.slack_token_rejected.hint.app_token_doctor':
    '请将 SLACK_APP_TOKEN 设置为带 connections:write 的 xapp- App-Level Token（Basic Information > App-Level Tokens）。',
  'error.slack_token_rejected.hint.bot_token':
    '请将 SLACK_BOT_TOKEN 设置为 OAuth & Permissions 下的 xoxb- Bot User OAuth Token（如已被撤销，请重新安装应用），然后运行 `callsummary doctor`。',
  'error.slack_token_rejected.hint.bot_token_doctor':
    '请将 SLACK_BOT_TOKEN 设置为 OAuth & Permissions 下的 xoxb- Bot User OAuth Token（如已被撤销，请重新安装应用）。',
  'error.watch_refused.message.person_full': '你已有 {limit} 个未完成的“通知我”请求，无法再关注这一个。',
  'error.watch_refused.message.person_full_unknown': '你的“通知我”请求已达上限，无法再关注这一个。',
  'error.watch_refused.message.all_full': '我为所有人关注的通话已达上限，无法关注这一个。',
  'error.watch_refused.message.unavailable': '现在无法记录：保存请求的存储没有响应。',
  'error.watch_refused.hint.unavailable': '请一分钟后重试，或使用“稍后重试”。',
  'error.watch_refused.hint': '每个请求会在摘要到达时或 24 小时后结束；在此之前，请使用“重试”。',
  'error.slack.not_a_member.message': '我无法在此会话中发帖：callsummary 应用不是它的成员。',
  'error.slack.not_a_member.hint':
    '请把应用加入该频道（在频道中输入 `/invite @callsummary`），然后重试。私有频道、私信和群组私信都需要应用是成员。',
  'error.slack.rate_limited.message': 'Slack 目前正在限制应用的发帖速度。',
  'error.slack.rate_limited.hint': '请一分钟后重试。',
  'error.slack.token_revoked.message': 'Slack 拒绝了应用的 token（token 已被撤销或应用已被卸载）。',
  'error.slack.token_revoked.hint': '请让管理员重新安装应用并运行 `callsummary doctor`。',
  'error.slack.trigger_expired.message': '应用还没来得及打开摘要，Slack 就关闭了打开窗口。',
  'error.slack.trigger_expired.hint':
    '请再次使用快捷方式。如果一直出现，请让管理员检查 callsummary 是否及时响应 Slack。',
  'error.slack.trigger_exchanged.hint': '请再次使用快捷方式。',
  'error.slack.too_big.message': 'Slack 以消息过大为由拒绝了它。',
  'error.slack.refused_message.message': 'Slack 拒绝了这条消息。',
  'error.slack.report.hint': '请让管理员带上 leg id 报告此问题。',
  'error.slack.transient.message': 'Slack 现在无法处理该请求。',
  'error.slack.transient.hint': '请稍后重试。',
  'error.slack.archived.message': '该频道已归档，无法在其中发帖。',
  'error.slack.archived.hint': '请取消归档该频道，或在其他频道的消息上使用快捷方式。',
  'error.slack.restricted_action.message': '工作区设置不允许应用在这里发帖。',
  'error.slack.restricted_action.hint': '请询问你的 Slack 管理员谁可以在此频道发帖。',
  'error.slack.ekm_access_denied.message': '你的 Slack 管理员已暂停应用在这里发帖。',
  'error.slack.ask_slack_admin.hint': '请联系你的 Slack 管理员。',
  'error.slack.invalid_auth.message': 'Slack 拒绝了应用的 token。',
  'error.slack.run_doctor.hint': '请让管理员运行 `callsummary doctor`。',
  'error.slack.missing_scope.message': '应用缺少所需的 Slack 权限。',
  'error.slack.missing_scope.hint': '请让管理员用 manifest.yml 重新安装应用并运行 `callsummary doctor`。',
  'error.slack.team_access_not_granted.message': '应用无权访问此工作区。',
  'error.slack.team_access_not_granted.hint': '请让你的 Slack 管理员授予应用访问权限。',
  'error.slack.expired_url.message': '此回复已过期（Slack 允许应用在 30 分钟内回复最多 5 次）。',
  'error.slack.run_again.hint': '请重新运行 `/callsummary`。',
  'error.slack.untrusted_response_url.message': '应用无法回复到 Slack 要求的位置。',
  'error.slack.unknown.message': 'Slack 拒绝了该请求（{error}）。',
  'error.slack.unknown.hint': '请稍后重试；如果一直出现，请让管理员查看 callsummary 的日志。',
  'error.usage.query.not_a_query': '“{input}”不是通话段 ID、电话号码、分机号或时间段。',
  'error.usage.query.not_a_period': '“{input}”不是时间段，时间段形如 24h 或 7d。',
  'error.usage.query.period_range': '时间段须在 1h 到 {maxDays}d 之间，而不是 {input}。',
  'error.usage.query.not_a_side': '“{input}”不是通话方（caller 或 callee），也不是分机号。',
  'error.usage.query.not_an_extension': '“{input}”不是分机号。',
  'error.usage.query.which_side':
    '请说明分机 {extension} 在哪一方：`/callsummary {legId} caller {extension}` 或 `/callsummary {legId} callee {extension}`。',
  // ── end error ──

  // ── cli ──
  'cli.one_line.separator': '；',
  'cli.help.text':
    'callsummary — 在 Slack 中查看 Yeastar AI 通话摘要\n\n用法：\n  callsummary serve                                   运行 Slack 机器人（npm start；未配置时运行演示）\n  callsummary demo [--port N]                         连接本地 Slack 页面和 PBX 模拟器运行机器人\n  callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks] [--refresh]\n  callsummary calls <number|extension|--user U…> [--days N] [--format text|json|blocks]\n                                                      外部号码、分机或 Slack 成员的通话\n  callsummary transcript <leg-id> [--format text|json]\n                                                      通话记录文本：说话人、通话内时间、内容\n  callsummary render [file|-] [--surface message|modal]\n  callsummary doctor                                  检查配置、PBX 和 Slack\n  callsummary help\n\n退出状态：0 成功，1 执行失败，2 用法错误。',
  'cli.unknown_command': '未知命令“{command}”',
  'cli.usage_problem': '{problem}。{usage}',
  'cli.failure': '{message} {hint}',
  'cli.args.unknown_option': '未知选项 {flag}',
  'cli.args.takes_no_value': '{flag} 不接受值',
  'cli.args.needs_value': '{flag} 需要一个值',
  'cli.args.unexpected': '多余的参数“{value}”',
  'cli.args.one_of': '{flag} 只能是 {choices}，而不是“{value}”',
  'cli.args.leg_id_needed': '需要提供 leg id',
  'cli.args.not_leg_id': '“{input}”不是 leg id；leg id 的格式为 {shape}',
  'cli.get.usage':
    '用法：callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks] [--refresh]',
  'cli.get.ext_not_number': '--ext 需要分机号，而不是“{value}”',
  'cli.get.bad_side': '通话方只能是 caller（主叫方）或 callee（被叫方），而不是“{value}”',
  'cli.get.heading': '{who} — {side, select, caller {主叫方} callee {被叫方} other {}} — leg {legId}',
  'cli.get.heading_at':
    '{who} — {side, select, caller {主叫方} callee {被叫方} other {}} — leg {legId} — {at}',
  'cli.get.who.named': '{name}（{extension}）',
  'cli.get.who.extension': '分机 {extension}',
  'cli.get.who.unknown': '未知分机',
  'cli.transcript.usage': '用法：callsummary transcript <leg-id> [--format text|json]',
  'cli.transcript.heading': '{legId} 的通话记录文本：共 {count, plural, other {# 行}}',
  'cli.transcript.line': '{speaker}：{text}',
  'cli.transcript.cut': '（已在 {pages} 页后截断）',
  'cli.calls.usage':
    '用法：callsummary calls <number|extension|--user U…> [--days N] [--format text|json|blocks]',
  'cli.calls.user_not_id': '--user 需要 Slack 成员 ID（U… 或 W…），而不是“{value}”',
  'cli.calls.days_range': '--days 需要 1 到 {max} 之间的整数，而不是“{value}”',
  'cli.calls.not_both': '请给出号码或分机，或者 --user，不要同时给出',
  'cli.calls.whose': '请说明查询谁的通话：电话号码、分机或 --user U…',
  'cli.calls.period_flag': '请用 --days 指定时间段，而不是“{value}”',
  'cli.calls.is_leg_id': '“{input}”是 leg id：请运行 callsummary get {input}',
  'cli.calls.period': '{days} 天',
  'cli.calls.subject.extension': '分机 {extension}',
  'cli.calls.subject.extension_named': '分机 {extension}（{name}）',
  'cli.calls.subject.member': '{member} 的{extension}',
  'cli.calls.none.number': '最近 {period}内没有与 {subject} 的通话。',
  'cli.calls.none.other': '最近 {period}内没有{subject}的通话。',
  'cli.calls.heading.number': '与 {subject} 的通话，最近 {period}：{count} 个，最新的在前',
  'cli.calls.heading.other': '{subject}的通话，最近 {period}：{count} 个，最新的在前',
  'cli.calls.times.pbx': '时间：PBX 的时钟（YEASTAR_TIMEZONE 可指定其时区）。',
  'cli.calls.times.zone': '时间：{zone} 时间。',
  'cli.calls.direction': '{direction, select, internal {内部} in {呼入} out {呼出} other {}}',
  'cli.calls.side': '{side, select, caller {主叫方} callee {被叫方} other {}}',
  'cli.calls.party_named': '{name}（{number}）',
  'cli.calls.no_summary': '（还没有摘要）',
  'cli.render.usage': '用法：callsummary render [file|-] [--surface message|modal]',
  'cli.render.only_one_file': '只能给一个输入文件',
  'cli.render.cannot_read': '无法读取 {source}（{reason}）；请给出可读的文件或 -',
  'cli.render.stdin': '标准输入',
  'cli.render.too_large': '大于 {bytes} 字节',
  'cli.render.not_json': '输入看起来是 JSON，但不是有效的 JSON（{reason}）',
  'cli.render.not_summary_answer':
    '输入是 JSON，但不是 getaisummary 应答（应包含带摘要的 data.src 或 data.dst）',
  'cli.render.no_summary': '该 getaisummary 应答中没有摘要（data.src 和 data.dst 都没有）',
  'cli.doctor.usage': '用法：callsummary doctor',
  'cli.doctor.passed': '通过    {what}',
  'cli.doctor.failed': '失败    {what}',
  'cli.doctor.note': '提示    {what}',
  'cli.doctor.fix': '        修复：{fix}',
  'cli.doctor.configuration_pbx': '配置（PBX）',
  'cli.doctor.configuration': '配置',
  'cli.doctor.user_map': 'USER_MAP_FILE（{count, plural, other {# 名成员}}）',
  'cli.doctor.no_access_file':
    '未设置 ACCESS_FILE：所有获准使用的人（ALLOWED_CHANNEL_IDS、ALLOWED_USER_IDS）都能看到每个通话、其摘要和通话记录文本',
  'cli.doctor.no_access_file.fix':
    '如需让坐席只看自己的通话、组长看本团队的通话，请设置 ACCESS_FILE（docs/configuration.md）',
  'cli.doctor.access_file':
    'ACCESS_FILE（{teams, plural, other {# 个团队}}，{admins, plural, other {# 名管理员}}；不属于任何团队的成员{sight, select, own {只能看到自己的通话} none {看不到任何通话} other {可看到所有通话}}）',
  'cli.doctor.pbx_login': 'PBX 登录 {url}',
  'cli.doctor.extension_search': 'PBX 分机查询',
  'cli.doctor.extension_list': 'PBX 分机列表（查找通话所用的通讯录）',
  'cli.doctor.slack_bot_token': 'Slack 机器人 token',
  'cli.doctor.slack_bot_token.fix':
    '请将 SLACK_BOT_TOKEN 设置为 Slack 应用 > OAuth & Permissions 中的 xoxb- token。',
  'cli.doctor.slack_verification': 'Slack 请求验证',
  'cli.doctor.slack_verification.fix':
    '请设置 SLACK_SIGNING_SECRET（HTTP 模式）或 SLACK_APP_TOKEN（Socket Mode）。',
  'cli.doctor.slack_auth': 'Slack auth.test（工作区 {team}，机器人 {bot}）',
  'cli.doctor.slack_auth_failed': 'Slack auth.test',
  'cli.doctor.slack_auth.fix':
    'Slack 返回“{code}”：请检查 SLACK_BOT_TOKEN（如设置了 SLACK_API_URL，也请检查）。',
  'cli.doctor.slack_scopes': 'Slack 权限范围（{scopes}）',
  'cli.doctor.slack_scopes.none': '未报告',
  'cli.doctor.slack_scopes.fix':
    '请在 OAuth & Permissions 中添加 {missing}（或用 manifest.yml 重新创建应用），然后重新安装应用。',
  'cli.doctor.email_scopes': '按邮箱匹配“我的通话”所需的 Slack 权限范围（{scopes}）',
  'cli.doctor.email_scopes.lacking':
    '“我的通话”和主页标签无法按邮箱匹配成员：应用缺少 {scopes}（只能通过 USER_MAP_FILE 匹配）',
  'cli.doctor.email_scopes.fix':
    '请在 OAuth & Permissions 中添加 {scopes}（manifest.yml 中已有），然后重新安装应用。',
  'cli.doctor.clock': 'PBX 时钟（system/information）',
  'cli.doctor.clock.passed': '{what}：{format}，{offset}',
  'cli.doctor.clock.passed_firmware': '{what}：{format}，{offset}，固件 {firmware}',
  'cli.doctor.clock.no_offset': '未给出 UTC 偏移',
  'cli.doctor.clock.no_format': '没有可用的显示格式',
  'cli.doctor.clock.format': '显示格式“{format}”',
  'cli.doctor.clock.carry_on':
    '机器人将继续使用{format, select, configured {YEASTAR_TIME_FORMAT} other {默认时间格式（直到 PBX 给出自己的格式）}}和{zone, select, configured {YEASTAR_TIMEZONE} other {按所有 UTC 偏移放宽的时间窗口}}',
  'cli.doctor.clock.zone.fix':
    '请将 YEASTAR_TIMEZONE 设置为 PBX 的时区（系统 > 日期和时间），使时间窗口准确。',
  'cli.doctor.clock.unsupported': '{what}：此 PBX 不支持该接口（errcode 10001 {errmsg}）；{carryOn}',
  'cli.doctor.clock.no_permission': '{what}：API 应用无权读取（{errcode}）；{carryOn}',
  'cli.doctor.clock.no_permission.fix':
    '请为 API 应用授予系统读取权限（PBX > 集成 > API），或将 YEASTAR_TIMEZONE 设置为 PBX 的时区（系统 > 日期和时间），使时间窗口准确。',
  'cli.doctor.clock.no_permission.fix_keep':
    '请为 API 应用授予系统读取权限（PBX > 集成 > API），或保留 YEASTAR_TIMEZONE。',
  'cli.doctor.clock.failed': '{what}：{message} {carryOn}',
  'cli.doctor.export': 'PBX AI 转写导出（cdr/aidownload，最近一分钟）',
  'cli.doctor.export.empty': '{what}：已应答，其中没有已转写的通话',
  'cli.doctor.export.rows': '{what}：{count, plural, other {# 个已转写的通话}}',
  'cli.doctor.export.format_adopted':
    'PBX 拒绝了格式为“{before}”的导出时间，并给出了它的显示格式“{after}”（errcode 40002）；在一次导出被拒后，机器人也会采用该格式',
  'cli.doctor.export.format_adopted.fix':
    '请设置 YEASTAR_TIME_FORMAT={after}，或不设置：机器人会在启动时读取 PBX 自己的格式。',
  'cli.doctor.export.busy': '{what}：PBX 正忙于另一个导出（errcode {errcode}）；请一分钟后再运行 doctor。',
  'cli.doctor.export.no_permission':
    'API 应用缺少 CDR/AI 权限（{errcode}）：请在 PBX 的 集成 > API > 权限 中授予 CDR 和 AI 通话转写的读取权限。',
  'cli.doctor.export.bad_times':
    'PBX 拒绝了导出的时间（errcode 40002 {errmsg}），且未给出它的格式：请将 YEASTAR_TIME_FORMAT 设置为 PBX 的显示格式（系统 > 日期和时间 > 显示格式），例如 YYYY/MM/DD HH:mm:ss。',
  'cli.doctor.export.unsupported':
    'PBX 没有 AI 转写导出（errcode 10001）：需要 API v2.0 和 AI 通话转写（最新固件，Enterprise 或 Ultimate 版）。',
  'cli.doctor.fix_for': '{message} {hint}',
  'cli.serve.usage': '用法：callsummary serve',
  'cli.serve.config_problem': '{message}\n{hint}',
  'cli.serve.signal_before_start': '启动完成前收到 {signal}；正在停止',
  'cli.serve.could_not_start': '无法启动：{reason}',
  'cli.serve.port_in_use': '端口 {port} 已被占用。请停止占用它的程序，或将 PORT 设置为空闲端口。',
  'cli.serve.port_denied':
    '无权监听端口 {port}。请将 PORT 设置为 1023 以上的端口，或以有权绑定该端口的身份运行。',
  'cli.calls.none_missing': '{none}{missing}',
  // ── end cli ──
} as const satisfies Catalogue;

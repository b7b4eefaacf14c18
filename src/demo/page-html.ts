/**
 * The demo page's shell and styles. Static: every piece of data is drawn later by the page's own
 * script with textContent (src/demo/page), so nothing here is ever built from data.
 */

export function pageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="x-dns-prefetch-control" content="off">
<meta name="referrer" content="no-referrer">
<title>callsummary demo — local Slack</title>
<link rel="stylesheet" href="/demo/assets/page.css">
<link rel="modulepreload" href="/demo/assets/dom.js">
<link rel="modulepreload" href="/demo/assets/mrkdwn.js">
<link rel="modulepreload" href="/demo/assets/blocks.js">
<link rel="modulepreload" href="/demo/assets/emoji.js">
<script type="module" src="/demo/assets/app.js"></script>
</head>
<body>
<div id="app" class="app">
  <nav class="sidebar" aria-label="Workspace">
    <div class="workspace">Local Slack <span class="badge">demo</span></div>
    <div class="section-title">Channels</div>
    <ul id="channels" class="nav-list"></ul>
    <div class="section-title">Apps</div>
    <ul id="apps" class="nav-list"></ul>
    <div class="sim">
      <button id="simulate" type="button" class="btn btn-primary">Simulate a finished call</button>
      <p id="sim-note" class="note">The PBX simulator sends event 30012 to the bot's webhook at once, and writes the summary (event 30040) 12 s later, as a real PBX would. Meanwhile, ask for it (the composer is filled in) and click Notify me: it arrives under callsummary, in the app's Messages.</p>
    </div>
    <p class="note">Bound to 127.0.0.1 only. Nothing here reaches Slack or the internet.</p>
  </nav>
  <main class="main">
    <header class="channel-header"><h1 id="title"></h1><div id="tabs" class="tabs"></div>
      <label class="language" title="Your Slack language: the bot answers you in it">Your Slack language <select id="language"></select></label>
    </header>
    <div id="notice" class="notice" role="status" hidden></div>
    <section id="messages" class="messages" aria-live="polite"></section>
    <form id="composer" class="composer" autocomplete="off">
      <textarea id="composer-input" rows="2" placeholder="Message, or /callsummary 20260513223234-3EE9E" aria-label="Message"></textarea>
      <button type="submit" class="btn btn-primary">Send</button>
    </form>
    <p id="read-only" class="read-only" hidden>Sending messages to this app has been turned off.</p>
  </main>
  <aside id="thread" class="thread" hidden>
    <header class="thread-header"><h2>Thread</h2><button id="thread-close" type="button" class="btn">Close</button></header>
    <section id="thread-messages" class="messages"></section>
    <form id="thread-composer" class="composer" autocomplete="off">
      <textarea id="thread-input" rows="2" placeholder="Reply…" aria-label="Reply"></textarea>
      <button type="submit" class="btn">Reply</button>
    </form>
  </aside>
</div>
<div id="modal-layer" class="modal-layer" hidden></div>
</body>
</html>
`;
}

export const PAGE_CSS = `
:root { --bg:#fff; --side:#3f0e40; --side-text:#e9dfe9; --line:#e2e2e2; --muted:#616061; --link:#1264a3; --green:#007a5a; --red:#e01e5a; --code:#e01e5a; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.46 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:#1d1c1d; background:var(--bg); }
.app { display:grid; grid-template-columns: 250px 1fr auto; height:100vh; overflow:hidden; }
.sidebar { background:var(--side); color:var(--side-text); padding:12px 0; overflow:auto; }
.workspace { font-weight:900; font-size:18px; padding:0 16px 12px; border-bottom:1px solid #5d2c5d; }
.badge { font-size:11px; font-weight:700; background:#e8912d; color:#1d1c1d; border-radius:4px; padding:1px 5px; vertical-align:middle; }
.section-title { padding:14px 16px 4px; font-size:13px; opacity:.8; }
.nav-list { list-style:none; margin:0; padding:0; }
.nav-list button { all:unset; display:block; width:100%; box-sizing:border-box; padding:4px 16px 4px 26px; cursor:pointer; color:var(--side-text); }
.nav-list button[aria-current="true"] { background:#1164a3; color:#fff; }
.sim { padding:16px; }
.note { font-size:12px; opacity:.75; padding:0 16px; margin:6px 0; }
.sim .note { padding:0; }
.main { display:flex; flex-direction:column; min-width:0; min-height:0; height:100vh; border-right:1px solid var(--line); }
.nav-list button.unread { font-weight:900; color:#fff; }
.nav-list .unread-count { float:right; background:var(--red); color:#fff; border-radius:9px; font-size:11px; font-weight:700; padding:0 6px; margin-left:6px; }
.read-only { margin:0; padding:12px 20px; border-top:1px solid var(--line); color:var(--muted); font-size:13px; }
.channel-header { display:flex; align-items:center; gap:16px; padding:10px 20px; border-bottom:1px solid var(--line); }
.channel-header h1 { font-size:18px; margin:0; }
.language { margin-left:auto; font-size:13px; color:var(--muted); }
.language select { font:inherit; color:#1d1c1d; margin-left:4px; }
.tabs button { all:unset; cursor:pointer; padding:4px 10px; border-bottom:2px solid transparent; }
.tabs button[aria-selected="true"] { border-color:var(--green); font-weight:700; }
.notice { margin:8px 20px 0; padding:8px 12px; background:#fff4e5; border:1px solid #e8912d; border-radius:6px; }
.messages { flex:1; min-height:0; overflow:auto; padding:8px 0; }
.message { position:relative; padding:6px 20px; }
.message:hover { background:#f8f8f8; }
.message.ephemeral { background:#f4f8fb; }
.author { font-weight:900; margin-right:8px; }
.app-tag { font-size:10px; font-weight:700; background:#e8e8e8; color:var(--muted); border-radius:3px; padding:1px 4px; margin-right:8px; }
.time { color:var(--muted); font-size:12px; }
.only-you { color:var(--muted); font-size:13px; margin-top:2px; }
.edited { color:var(--muted); font-size:12px; }
.menu-button { position:absolute; top:4px; right:16px; display:none; }
.message:hover .menu-button, .menu-button[aria-expanded="true"] { display:block; }
.menu { position:absolute; right:16px; top:34px; background:#fff; border:1px solid var(--line); border-radius:6px; box-shadow:0 4px 12px rgba(0,0,0,.15); z-index:5; padding:6px 0; min-width:200px; }
.menu button { all:unset; display:block; padding:6px 16px; cursor:pointer; width:100%; box-sizing:border-box; }
.menu button:hover { background:#1164a3; color:#fff; }
.replies { all:unset; color:var(--link); font-size:13px; font-weight:700; cursor:pointer; }
.composer { display:flex; gap:8px; padding:12px 20px; border-top:1px solid var(--line); }
.composer[hidden], .read-only[hidden] { display:none; }
.composer textarea { flex:1; font:inherit; padding:8px; border:1px solid #bbb; border-radius:6px; resize:vertical; }
.thread { width:420px; display:flex; flex-direction:column; min-height:0; height:100vh; }
.thread[hidden] { display:none; }
.thread-header { display:flex; justify-content:space-between; align-items:center; padding:10px 16px; border-bottom:1px solid var(--line); }
.thread-header h2 { font-size:16px; margin:0; }
.btn { font:inherit; font-size:14px; font-weight:700; padding:4px 12px; border:1px solid #bbb; border-radius:4px; background:#fff; color:#1d1c1d; cursor:pointer; }
.btn:hover { background:#f4f4f4; }
.btn-primary { background:var(--green); border-color:var(--green); color:#fff; }
.btn-primary:hover { background:#148567; }
.btn-danger { background:#fff; border-color:var(--red); color:var(--red); }
.btn:disabled { opacity:.5; cursor:default; }
.bk-header { font-size:18px; font-weight:900; margin:6px 0 2px; }
.bk-section { margin:4px 0; display:flex; gap:12px; align-items:flex-start; }
.bk-section-body { flex:1; min-width:0; }
.bk-fields { display:grid; grid-template-columns:1fr 1fr; gap:4px 16px; margin-top:4px; }
.bk-context { color:var(--muted); font-size:13px; margin:4px 0; display:flex; gap:8px; flex-wrap:wrap; }
.bk-divider { border:0; border-top:1px solid var(--line); margin:8px 0; }
.bk-actions { display:flex; gap:8px; flex-wrap:wrap; margin:6px 0; }
.bk-rich { margin:4px 0; white-space:pre-wrap; }
.bk-rich ul, .bk-rich ol { margin:2px 0; white-space:normal; }
.bk-list-indent-1 { padding-left:56px; } .bk-list-indent-2 { padding-left:80px; } .bk-list-indent-3 { padding-left:104px; }
.bk-list-indent-4, .bk-list-indent-5, .bk-list-indent-6, .bk-list-indent-7, .bk-list-indent-8 { padding-left:128px; }
.bk-list-indent-1 { list-style-type:circle; } .bk-list-indent-2 { list-style-type:square; }
ol.bk-list-indent-1 { list-style-type:lower-alpha; } ol.bk-list-indent-2 { list-style-type:lower-roman; }
.bk-quote, blockquote { border-left:4px solid #ddd; margin:4px 0; padding-left:12px; color:#454245; }
pre, .bk-pre { background:#f8f8f8; border:1px solid var(--line); border-radius:4px; padding:8px; white-space:pre-wrap; font:13px/1.5 Monaco, Menlo, Consolas, monospace; margin:4px 0; }
code { color:var(--code); background:#f6f6f6; border:1px solid var(--line); border-radius:3px; padding:0 3px; font:12px Monaco, Menlo, Consolas, monospace; }
a { color:var(--link); text-decoration:none; } a:hover { text-decoration:underline; }
.mention { background:#e8f5fa; color:var(--link); border-radius:3px; padding:0 2px; }
.bk-unknown { font-size:12px; }
.bk-unknown-label { color:var(--muted); font-size:12px; }
.bk-image-alt { color:var(--muted); font-style:italic; }
.bk-select { font:inherit; padding:4px 8px; border:1px solid #bbb; border-radius:4px; max-width:100%; }
.bk-input { margin:8px 0; } .bk-input label { font-weight:700; display:block; margin-bottom:4px; }
.bk-input .hint { color:var(--muted); font-size:13px; }
.bk-error { color:var(--red); font-size:13px; }
.modal-layer { position:fixed; inset:0; background:rgba(0,0,0,.45); display:flex; align-items:flex-start; justify-content:center; padding-top:6vh; z-index:10; }
.modal-layer[hidden] { display:none; }
.modal { background:#fff; border-radius:8px; width:min(600px, 94vw); max-height:86vh; display:flex; flex-direction:column; box-shadow:0 10px 30px rgba(0,0,0,.3); }
.modal-title { font-size:20px; font-weight:900; padding:16px 24px; border-bottom:1px solid var(--line); }
.modal-body { padding:12px 24px; overflow:auto; }
.modal-footer { display:flex; justify-content:flex-end; gap:8px; padding:12px 24px; border-top:1px solid var(--line); }
.home { padding:12px 24px; overflow:auto; flex:1; }
.empty { color:var(--muted); padding:20px; }
`;

/** The inspection page: plain HTML and script over the JSON API next to it. */
export const INSPECTOR_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Productiv sandbox</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #172b4d; }
  header { background: #1f2937; color: white; padding: 12px 24px; }
  header h1 { margin: 0; font-size: 20px; }
  header small { color: #cbd5e1; }
  main { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; padding: 16px 24px; }
  section { background: white; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.1); }
  section h2 { font-size: 16px; margin: 0 0 8px; }
  .item { border-top: 1px solid #e5e7eb; padding: 8px 0; }
  .meta { color: #6b7280; font-size: 12px; }
  button { cursor: pointer; margin: 2px 4px 2px 0; }
  button.primary { background: #007a5a; color: white; border: 1px solid #007a5a; border-radius: 4px; padding: 4px 10px; }
  button.danger { background: #e01e5a; color: white; border: 1px solid #e01e5a; border-radius: 4px; padding: 4px 10px; }
  table { border-collapse: collapse; font-size: 13px; width: 100%; }
  td, th { text-align: left; padding: 3px 6px; border-top: 1px solid #e5e7eb; }
  input { width: 5em; box-sizing: border-box; }
  input.wide { width: 16em; }
  .field { margin: 4px 0; }
  .field label { display: block; font-size: 13px; font-weight: 600; }
  .error { color: #b91c1c; font-size: 12px; }
  /* The fault switches take a whole row, and scroll inside their card if the window is narrow. */
  #faults { grid-column: 1 / -1; }
  .scroll { overflow-x: auto; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .empty { color: #6b7280; font-style: italic; }
  #toast { position: fixed; bottom: 16px; right: 16px; background: #111827; color: white; padding: 8px 12px; border-radius: 4px; display: none; }
</style>
</head>
<body>
<header><h1>Productiv sandbox</h1><small id="urls">loading…</small></header>
<main>
  <section id="slack"><h2>Slack messages</h2><div class="body"></div></section>
  <section id="slack-views"><h2>Slack commands and modals</h2>
    <form id="command-form"><label for="command-user">As</label> <select id="command-user"></select>
      <label for="command-line">Command</label> <input id="command-line" class="wide" value="/productiv help">
      <button type="submit">Send</button></form>
    <div class="body"></div></section>
  <section id="mail"><h2>E-mails</h2><div class="body"></div></section>
  <section id="tickets"><h2>Tickets</h2><div class="body"></div></section>
  <section id="faults"><h2>Fault switches</h2><div class="body"></div></section>
  <section id="groups"><h2>Okta group memberships</h2><div class="body"></div></section>
  <section id="apps"><h2>Okta app assignments</h2><div class="body"></div></section>
</main>
<div id="toast"></div>
<script>
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const get = path => fetch(path).then(r => r.json());
async function send(method, path, body) {
  const r = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const json = r.status === 204 ? {} : await r.json();
  toast(r.ok ? 'Done' + (json.status ? ' (' + json.status + ')' : '') : 'Error: ' + json.error);
  await refresh();
  return json;
}
function toast(text) { const t = document.getElementById('toast'); t.textContent = text; t.style.display = 'block'; setTimeout(() => t.style.display = 'none', 3000); }
function fill(id, html) { document.querySelector('#' + id + ' .body').innerHTML = html; }
function blockHtml(m, b) {
  if (b.type === 'section' || b.type === 'header') return '<div>' + esc(b.text && b.text.text) + '</div>';
  if (b.type === 'context') return '<div class="meta">' + (b.elements || []).map(e => esc(e.text)).join(' ') + '</div>';
  if (b.type === 'actions') return '<div>' + (b.elements || []).filter(e => e.type === 'button').map(e =>
    '<button class="' + (e.style || '') + '" data-channel="' + esc(m.channel) + '" data-ts="' + esc(m.ts) + '" data-action="' + esc(e.action_id) + '">' + esc(e.text && e.text.text) + '</button>').join('') + '</div>';
  return '';
}
// The switches of each service: a share of calls from 0 to 1, or a delay.
const FAULT_FIELDS = [
  { name: 'rate429', title: '429 share', label: 'share of calls answered 429' },
  { name: 'rate500', title: '500 share', label: 'share of calls answered 500' },
  { name: 'delayRate', title: 'Delay share', label: 'share of calls delayed' },
  { name: 'delayMs', title: 'Delay (ms)', label: 'delay in ms' },
];
function viewInput(v, b) {
  const el = b.element || {};
  const id = 'view-' + v.id + '-' + b.block_id;
  const state = (v.values[b.block_id] || {})[el.action_id] || {};
  const attrs = ' id="' + esc(id) + '" data-view="' + esc(v.id) + '" data-input="' + esc(el.action_id) + '"';
  const control = el.type === 'static_select' || el.type === 'radio_buttons'
    ? '<select' + attrs + '><option value="">Choose…</option>' + (el.options || []).map(o => '<option value="' + esc(o.value) + '"' +
        (state.selected_option && state.selected_option.value === o.value ? ' selected' : '') + '>' + esc(o.text && o.text.text) + '</option>').join('') + '</select>'
    : '<input class="wide"' + attrs + ' value="' + esc(state.value || '') + '">';
  const error = v.errors[b.block_id] ? '<div class="error" role="alert">' + esc(v.errors[b.block_id]) + '</div>' : '';
  return '<div class="field"><label for="' + esc(id) + '">' + esc(b.label && b.label.text) + (b.optional ? ' (optional)' : '') + '</label>' + control + error + '</div>';
}
function viewHtml(v) {
  return '<div class="item" data-testid="slack-view"><b>' + esc(v.title) + '</b> <span class="meta">for ' + esc(v.userEmail) + '</span>' +
    v.blocks.map(b => b.type === 'input' ? viewInput(v, b) : blockHtml({}, b)).join('') +
    (v.submit ? '<button class="primary" data-submit-view="' + esc(v.id) + '">' + esc(v.submit) + '</button>' : '') + '</div>';
}
let slackUsers;
async function refresh() {
  if (!slackUsers) {
    slackUsers = await get('api/slack/users');
    document.getElementById('command-user').innerHTML = slackUsers.map(u => '<option value="' + esc(u.id) + '">' + esc(u.realName) + '</option>').join('');
  }
  const views = await get('api/slack/views');
  fill('slack-views', views.length ? views.map(viewHtml).join('') : '<div class="empty">No open modal</div>');
  const [state, messages, mails, jira, zendesk, faults, groups, apps] = await Promise.all([
    get('api/state'), get('api/slack/messages'), get('api/mail'), get('api/jira/requests'), get('api/zendesk/tickets'), get('api/faults'), get('api/okta/groups'), get('api/okta/apps')]);
  document.getElementById('urls').textContent = 'Okta ' + state.urls.okta + ' · Slack ' + state.urls.slack + ' · Jira ' + state.urls.jira + ' · Zendesk ' + state.urls.zendesk + ' · SMTP ' + state.smtp.host + ':' + state.smtp.port + ' · ' + state.counts.ssoEvents + ' SSO events';
  fill('slack', messages.length ? messages.slice().reverse().map(m => '<div class="item" data-testid="slack-message"><div class="meta">to ' + esc(m.recipientEmail || m.channel) + ' · ts ' + esc(m.ts) + (m.updates ? ' · updated ' + m.updates + '×' : '') + '</div>' +
    (m.blocks.length ? m.blocks.map(b => blockHtml(m, b)).join('') : '<div>' + esc(m.text) + '</div>') + '</div>').join('') : '<div class="empty">No message yet</div>');
  fill('mail', mails.length ? mails.slice().reverse().map(m => '<div class="item" data-testid="mail"><b>' + esc(m.subject) + '</b><div class="meta">from ' + esc(m.from) + ' to ' + esc(m.to.join(', ')) + '</div><div>' + esc(m.text).slice(0, 400) + '</div>' +
    m.links.map(l => '<div><a href="' + esc(l) + '" target="_blank" rel="noopener">' + esc(l) + '</a></div>').join('') + '</div>').join('') : '<div class="empty">No e-mail yet</div>');
  const rows = jira.map(r => '<div class="item" data-testid="ticket"><b>' + esc(r.issueKey) + '</b> ' + esc(r.fields.summary) + ' <span class="meta">Jira · ' + esc(r.status) + '</span> ' +
      (r.status === 'Waiting for support' ? '<button data-jira="' + esc(r.issueKey) + '">Resolve</button>' : '') + '</div>')
    .concat(zendesk.map(t => '<div class="item" data-testid="ticket"><b>#' + t.id + '</b> ' + esc(t.subject) + ' <span class="meta">Zendesk · ' + esc(t.status) + '</span> ' +
      (t.status !== 'solved' && t.status !== 'closed' ? '<button data-zendesk="' + t.id + '">Resolve</button>' : '') + '</div>'));
  fill('tickets', rows.length ? rows.join('') : '<div class="empty">No ticket yet</div>');
  fill('faults', '<div class="scroll"><table><tr><th scope="col">Service</th>' + FAULT_FIELDS.map(f => '<th scope="col">' + f.title + '</th>').join('') + '<th scope="col">Calls</th><th scope="col"><span class="sr-only">Save</span></th></tr>' + Object.entries(faults).map(([svc, f]) =>
    '<tr data-service="' + esc(svc) + '"><th scope="row">' + esc(svc) + '</th>' + FAULT_FIELDS.map(field => '<td><input type="number" min="0" ' + (field.name === 'delayMs' ? 'step="50"' : 'max="1" step="0.05"') + ' name="' + field.name + '" aria-label="' + esc(svc + ': ' + field.label) + '" value="' + esc(f[field.name]) + '"></td>').join('') +
    '<td>' + f.stats.calls + '</td><td><button data-save="' + esc(svc) + '" aria-label="Save ' + esc(svc) + '">Save</button></td></tr>').join('') + '</table></div>');
  fill('groups', '<table>' + groups.filter(g => g.type !== 'BUILT_IN').map(g => '<tr><td>' + esc(g.name) + '</td><td class="meta">' + g.members.length + ' members: ' + esc(g.members.join(', ')) + '</td></tr>').join('') + '</table>');
  fill('apps', '<table>' + apps.map(a => '<tr><td><b>' + esc(a.label) + '</b><div class="meta">' + esc(a.id) + '</div></td><td class="meta">' + (a.groups.length ? 'tiers: ' + esc(a.groups.map(g => g.name).join(', ')) : 'no tier groups') + '<br>' + a.users.length + ' assigned (' + a.users.filter(u => u.scope === 'USER').length + ' direct)</td></tr>').join('') + '</table>');
}
document.addEventListener('click', e => {
  const b = e.target.closest('button');
  if (!b) return;
  if (b.dataset.action) send('POST', 'api/slack/messages/' + encodeURIComponent(b.dataset.channel) + '/' + encodeURIComponent(b.dataset.ts) + '/click', { actionId: b.dataset.action });
  if (b.dataset.submitView) send('POST', 'api/slack/views/' + encodeURIComponent(b.dataset.submitView) + '/submit');
  if (b.dataset.jira) send('POST', 'api/jira/requests/' + encodeURIComponent(b.dataset.jira) + '/resolve');
  if (b.dataset.zendesk) send('POST', 'api/zendesk/tickets/' + encodeURIComponent(b.dataset.zendesk) + '/resolve');
  if (b.dataset.save) {
    const row = b.closest('tr');
    const body = {};
    row.querySelectorAll('input').forEach(i => body[i.name] = Number(i.value));
    send('PUT', 'api/faults/' + b.dataset.save, body);
  }
});
document.addEventListener('change', e => {
  const el = e.target;
  if (el.dataset && el.dataset.view) send('POST', 'api/slack/views/' + encodeURIComponent(el.dataset.view) + '/values', { actionId: el.dataset.input, value: el.value });
});
document.getElementById('command-form').addEventListener('submit', e => {
  e.preventDefault();
  send('POST', 'api/slack/commands', { userId: document.getElementById('command-user').value, line: document.getElementById('command-line').value });
});
refresh();
setInterval(() => { if (!document.querySelector('input:focus, select:focus')) refresh(); }, 4000);
</script>
</body>
</html>`;

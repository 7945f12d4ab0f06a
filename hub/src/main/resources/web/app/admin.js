// Admin: users and their roles, clients and which rig drills for whom, edge nodes and their broker credentials,
// and the audit trail (read-only).
import { getJson, send, hasRole, ago } from './api.js';
import { startPage } from './shell.js';
import { html, render, append } from './html.js';

const ROLES = ['viewer', 'editor', 'supervisor', 'manager', 'client', 'maintenance', 'admin'];
const $ = id => document.getElementById(id);
let clients = [];
let auditBefore = null;

function status(text, ok = false) {
  $('status').textContent = text;
  $('status').style.color = ok ? 'var(--ok)' : '';
}

const roleBoxes = (name, held = []) => html`${ROLES.map(r =>
  html`<label><input type="checkbox" name="${name}" value="${r}" ${held.includes(r) ? 'checked' : ''}>${r}</label>`)}`;

const clientOptions = selected => html`<option value="">—</option>${clients.map(c =>
  html`<option value="${c.id}" ${c.id === selected ? 'selected' : ''}>${c.name} (${c.id})</option>`)}`;

async function loadUsers() {
  const users = await getJson('/api/admin/users');
  render($('users').querySelector('tbody'), html`${users.map(u => html`
    <tr data-id="${u.id}" data-testid="user-${u.username}" class="${u.disabled ? 'disabled' : ''}">
      <td>${u.username}</td><td>${u.displayName}</td>
      <td class="roles">${roleBoxes('roles-' + u.id, u.roles)}</td>
      <td><select name="client">${clientOptions(u.client)}</select></td>
      <td><input type="checkbox" name="enabled" ${u.disabled ? '' : 'checked'}></td>
      <td>${u.lastLoginAt ? ago(u.lastLoginAt) : 'never'}${u.lockedUntil && Date.parse(u.lockedUntil) > Date.now() ? ' · locked' : ''}</td>
      <td><button data-act="save">Save</button> <button data-act="password">New password</button>
          <button data-act="sign-out" title="ends every session and API token">Sign out everywhere</button></td>
    </tr>`)}`);
  $('users').querySelectorAll('button').forEach(b => b.addEventListener('click', () => userAction(b)));
}

async function userAction(button) {
  const row = button.closest('tr');
  const id = row.dataset.id;
  try {
    if (button.dataset.act === 'save') {
      const client = row.querySelector('select[name=client]').value;
      await send('PATCH', `/api/admin/users/${id}`, {
        roles: [...row.querySelectorAll('.roles input:checked')].map(i => i.value),
        client: client || null,
        disabled: !row.querySelector('input[name=enabled]').checked,
      });
      status(`Saved ${row.cells[0].textContent}.`, true);
    } else if (button.dataset.act === 'password') {
      const password = prompt(`New password for ${row.cells[0].textContent} (at least 10 characters):`);
      if (!password) return;
      await send('POST', `/api/admin/users/${id}/password`, { password });
      status(`New password set for ${row.cells[0].textContent}; signed out everywhere.`, true);
    } else {
      const r = await send('POST', `/api/admin/users/${id}/sign-out`, {});
      status(`${row.cells[0].textContent}: ${r.revoked} session(s) and token(s) ended.`, true);
    }
    await Promise.all([loadUsers(), loadAudit(true)]);
  } catch (err) {
    status(err.message);
  }
}

async function loadRigs() {
  clients = await getJson('/api/admin/clients');
  const rigs = await getJson('/api/rigs');
  render($('rigs').querySelector('tbody'), rigs.length ? html`${rigs.map(r => html`
    <tr data-rig="${r.id}" data-testid="rig-${r.id}"><td>${r.id}</td>
      <td><input name="name" value="${r.name}" maxlength="80" data-testid="rig-name"></td>
      <td><input name="timeZone" value="${r.timeZone}" list="zones" data-testid="rig-zone"></td>
      <td><input name="dayShiftStart" type="time" value="${r.dayShiftStart}" data-testid="rig-day"></td>
      <td><input name="nightShiftStart" type="time" value="${r.nightShiftStart}" data-testid="rig-night"></td>
      <td><select data-testid="rig-client">${clientOptions(r.client)}</select></td>
      <td>${r.lastSeen ? ago(r.lastSeen) : 'not yet'}</td>
      <td><button data-act="save" data-testid="rig-save">Save</button></td></tr>`)}`
    : html`<tr><td class="muted" colspan="8">No rig yet: add one below, or register a node and start its agent.</td></tr>`);
  render($('clients').querySelector('tbody'), html`${clients.map(c => html`
    <tr data-testid="client-${c.id}"><td>${c.id}</td><td>${c.name}</td><td>${c.rigs.join(', ') || '—'}</td></tr>`)}`);
  $('rigs').querySelectorAll('select').forEach(select => select.addEventListener('change', async () => {
    const rig = select.closest('tr').dataset.rig;
    try {
      await send('PUT', `/api/admin/rigs/${encodeURIComponent(rig)}/client`, { client: select.value || null });
      status(`${rig} now drills for ${select.value || 'no client'}.`, true);
      await Promise.all([loadRigs(), loadAudit(true)]);
    } catch (err) {
      status(err.message);
    }
  }));
  $('rigs').querySelectorAll('button[data-act=save]').forEach(b => b.addEventListener('click', async () => {
    const row = b.closest('tr');
    const value = name => row.querySelector(`input[name=${name}]`).value;
    try {
      await send('PATCH', `/api/admin/rigs/${encodeURIComponent(row.dataset.rig)}`, {
        name: value('name'), timeZone: value('timeZone'), dayShiftStart: value('dayShiftStart'), nightShiftStart: value('nightShiftStart'),
      });
      status(`Saved ${row.dataset.rig}.`, true);
      await Promise.all([loadRigs(), loadAudit(true)]);
    } catch (err) {
      status(err.message);
    }
  }));
  document.querySelectorAll('[data-clients]').forEach(s => render(s, clientOptions(null)));
}

async function loadNodes() {
  const nodes = await getJson('/api/admin/nodes');
  render($('nodes').querySelector('tbody'), nodes.length ? html`${nodes.map(n => html`
    <tr data-rig="${n.rig}" data-node="${n.node}" data-testid="node-${n.username}">
      <td>${n.rig}</td><td>${n.node}</td><td><code>${n.username}</code></td>
      <td title="${n.registeredAt}">${ago(n.registeredAt)}</td><td title="${n.issuedAt}">${ago(n.issuedAt)}</td>
      <td><button data-act="rotate" title="the old password stops working">New credential</button>
          <button data-act="remove" title="its credential ends and its data is rejected">Remove</button></td>
    </tr>`)}` : html`<tr><td class="muted" colspan="6">No node registered: no edge agent can connect.</td></tr>`);
  $('nodes').querySelectorAll('button').forEach(b => b.addEventListener('click', () => nodeAction(b)));
}

/** Shows a credential once, with the lines for the agent's config. */
function showCredential(c) {
  $('credential').hidden = false;
  $('credential').textContent = `${c.rig}/${c.node}: copy this now, the hub keeps only a hash of the password.\n\n`
    + `broker:\n  username: ${c.username}\n  password: ${c.password}\n\n`
    + `may publish: ${c.publishes.join(', ')}\nmay read: ${c.reads}`;
}

async function nodeAction(button) {
  const row = button.closest('tr');
  const path = `/api/admin/nodes/${encodeURIComponent(row.dataset.rig)}/${encodeURIComponent(row.dataset.node)}`;
  try {
    if (button.dataset.act === 'rotate') {
      showCredential(await send('POST', `${path}/credential`, {}));
      status(`New credential for ${row.dataset.rig}/${row.dataset.node}; the old one no longer connects.`, true);
    } else {
      if (!confirm(`Remove ${row.dataset.rig}/${row.dataset.node}? It can no longer connect, and its data is rejected.`)) return;
      await send('DELETE', path);
      status(`Removed ${row.dataset.rig}/${row.dataset.node}.`, true);
    }
    await Promise.all([loadNodes(), loadAudit(true)]);
  } catch (err) {
    status(err.message);
  }
}

async function loadAudit(fresh) {
  if (fresh) auditBefore = null;
  const query = new URLSearchParams([...new FormData($('audit-filter'))].filter(([, v]) => v));
  query.set('limit', '50');
  if (auditBefore) query.set('before', auditBefore);
  const rows = await getJson(`/api/audit?${query}`);
  const body = $('audit').querySelector('tbody');
  const page = html`${rows.map(a => html`
    <tr data-testid="audit-row"><td title="${a.at}">${ago(a.at)}</td>
      <td title="${a.via} ${a.address ?? ''}">${a.actor}</td><td>${a.action}</td>
      <td>${a.entity} ${a.entityId ?? ''}</td>
      <td><pre class="json">${a.before ? JSON.stringify(a.before, null, 1) : ''}</pre></td>
      <td><pre class="json">${a.after ? JSON.stringify(a.after, null, 1) : ''}</pre></td></tr>`)}`;
  (fresh ? render : append)(body, page);
  auditBefore = rows.length ? rows[rows.length - 1].id : auditBefore;
  $('older').hidden = rows.length < 50;
}

async function start() {
  const user = await startPage();
  if (!hasRole(user, 'admin')) {
    status('This page is for admins.');
    return;
  }
  render(document.querySelector('#new-user [data-roles]'), roleBoxes('roles', ['viewer']));
  await loadRigs();
  await Promise.all([loadUsers(), loadNodes(), loadAudit(true)]);

  $('new-node').addEventListener('submit', async e => {
    e.preventDefault();
    const f = e.target;
    try {
      showCredential(await send('POST', '/api/admin/nodes', { rig: f.rig.value, node: f.node.value }));
      status(`Registered ${f.rig.value}/${f.node.value}.`, true);
      f.reset();
      await Promise.all([loadNodes(), loadAudit(true)]);
    } catch (err) {
      status(err.message);
    }
  });
  $('new-user').addEventListener('submit', async e => {
    e.preventDefault();
    const f = e.target;
    try {
      await send('POST', '/api/admin/users', {
        username: f.username.value, displayName: f.displayName.value || undefined, email: f.email.value || undefined,
        roles: [...f.querySelectorAll('[data-roles] input:checked')].map(i => i.value),
        client: f.client.value || undefined, password: f.password.value,
      });
      status(`Created ${f.username.value}.`, true);
      f.reset();
      await Promise.all([loadUsers(), loadAudit(true)]);
    } catch (err) {
      status(err.message);
    }
  });
  render($('zones'), html`${['UTC', ...Intl.supportedValuesOf('timeZone')].map(z => html`<option value="${z}">`)}`);
  $('new-rig').addEventListener('submit', async e => {
    e.preventDefault();
    const f = e.target;
    try {
      await send('POST', '/api/admin/rigs', {
        id: f.elements.id.value, name: f.elements.name.value || undefined, timeZone: f.timeZone.value || undefined,
        dayShiftStart: f.dayShiftStart.value || undefined, nightShiftStart: f.nightShiftStart.value || undefined,
        client: f.client.value || undefined,
      });
      status(`Added rig ${f.elements.id.value}.`, true);
      f.reset();
      await Promise.all([loadRigs(), loadAudit(true)]);
    } catch (err) {
      status(err.message);
    }
  });
  $('new-client').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await send('POST', '/api/admin/clients', { id: e.target.elements.id.value, name: e.target.elements.name.value });
      status(`Added client ${e.target.elements.id.value}.`, true);
      e.target.reset();
      await Promise.all([loadRigs(), loadAudit(true)]);
      await loadUsers();
    } catch (err) {
      status(err.message);
    }
  });
  $('audit-filter').addEventListener('submit', e => { e.preventDefault(); loadAudit(true).catch(err => status(err.message)); });
  $('older').addEventListener('click', () => loadAudit(false).catch(err => status(err.message)));
}

start().catch(err => status(`Cannot load: ${err.message}`));

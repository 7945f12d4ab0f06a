// Daily reports: the list with its filters (kept in the URL) and counts per status, and for a rig's supervisor the
// report of the shift that is on. A client's user sees its own client's reports only (the hub filters them).
import { getJson, send, hasRole } from './api.js';
import { startPage } from './shell.js';
import { html, render } from './html.js';

const STATUS = { draft: 'draft', submitted: 'submitted', manager_approved: 'manager approved', approved: 'approved', rejected: 'rejected' };
const form = document.getElementById('filters');
const msg = document.getElementById('msg');

function query() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (v) params.set(k, v);
  return params;
}

async function load() {
  const params = query();
  history.replaceState(null, '', params.size ? `?${params}` : location.pathname);
  try {
    const page = await getJson(`/api/reports?${params}`);
    render(document.getElementById('counts'), html`${page.total} report(s) · ${Object.entries(page.counts)
      .map(([s, n]) => html`<span class="pill" data-testid="count-${s}">${STATUS[s]} ${n}</span> `)}`);
    render(document.getElementById('list'), html`${page.items.map(r => html`<tr data-testid="report-${r.id}">
      <td><a href="/report.html?id=${r.id}">${r.date}</a></td><td>${r.rig}</td><td>${r.shiftType}</td><td>${r.client ?? '—'}</td>
      <td data-testid="status-${r.id}">${STATUS[r.status]}</td><td>${r.metres.toFixed(2)}</td><td>${r.manHours.toFixed(1)}</td>
      <td>${r.warnings || ''}</td><td>${r.score}</td></tr>`)}`);
    msg.textContent = page.items.length ? '' : 'No reports match.';
  } catch (e) {
    msg.textContent = e.message;
  }
}

async function start() {
  const user = await startPage();
  const params = new URLSearchParams(location.search);
  for (const el of form.elements) if (el.name && params.has(el.name)) el.value = params.get(el.name);
  form.addEventListener('submit', e => { e.preventDefault(); load(); });
  if (hasRole(user, 'supervisor', 'admin')) {
    const rigs = await getJson('/api/rigs');
    const select = document.getElementById('new-rig');
    render(select, html`${rigs.map(r => html`<option value="${r.id}">${r.id} · ${r.name}</option>`)}`);
    document.getElementById('start').hidden = rigs.length === 0;
    document.getElementById('new-report').addEventListener('click', async () => {
      const out = document.getElementById('new-msg');
      try {
        const shift = await getJson(`/api/reports/rigs/${encodeURIComponent(select.value)}/current`);
        const id = shift.report ?? (await send('POST', '/api/reports', { rig: shift.rig, date: shift.date, shiftType: shift.shiftType })).id;
        location.assign(`/report.html?id=${id}`);
      } catch (e) {
        out.textContent = e.message;
      }
    });
  }
  await load();
}

start().catch(e => { msg.textContent = `Cannot load the reports: ${e.message}`; });

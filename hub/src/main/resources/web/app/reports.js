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

const SECTIONS = {
  drafts: ['My drafts and rejected reports', 'Nothing to write: no draft or rejected report on your rigs.'],
  awaiting: ['Awaiting my approval', 'Nothing awaits your approval.'],
  exceptions: ['Exceptions: reports with warnings, lowest score first', 'No report has a warning.'],
  recent: ['Recently approved', 'Nothing approved in the last 14 days.'],
};

function rows(items, prefix = '') {
  return html`${items.map(r => html`<tr data-testid="${prefix}report-${r.id}">
      <td><a href="/report.html?id=${r.id}">${r.date}</a></td><td>${r.rig}</td><td>${r.shiftType}</td><td>${r.client ?? '—'}</td>
      <td data-testid="${prefix}status-${r.id}">${STATUS[r.status]}</td><td>${r.metres.toFixed(2)}</td><td>${r.manHours.toFixed(1)}</td>
      <td>${r.warnings || ''}</td><td>${r.score}</td></tr>`)}`;
}

const HEAD = html`<thead><tr><th>Date</th><th>Rig</th><th>Shift</th><th>Client</th><th>Status</th>
      <th>Metres</th><th>Man-hours</th><th>Warnings</th><th>Score</th></tr></thead>`;

/** The landing view: what this user has to do (by role), then the recently approved. */
async function inbox() {
  const box = await getJson('/api/reports/inbox');
  render(document.getElementById('inbox'), html`${box.sections.map(s => html`<section class="card" data-testid="inbox-${s.key}">
    <h2>${SECTIONS[s.key][0]} <span class="pill">${s.total}</span></h2>
    ${s.items.length ? html`<table class="events">${HEAD}<tbody>${rows(s.items, `${s.key}-`)}</tbody></table>` : html`<p class="muted">${SECTIONS[s.key][1]}</p>`}
    </section>`)}`);
}

async function load() {
  const params = query();
  history.replaceState(null, '', params.size ? `?${params}` : location.pathname);
  for (const type of ['csv', 'xlsx', 'pdf']) document.getElementById(`export-${type}`).href = `/api/reports/export.${type}?${params}`;
  try {
    const page = await getJson(`/api/reports?${params}`);
    render(document.getElementById('counts'), html`${page.total} report(s) · ${Object.entries(page.counts)
      .map(([s, n]) => html`<span class="pill" data-testid="count-${s}">${STATUS[s]} ${n}</span> `)}`);
    render(document.getElementById('list'), rows(page.items));
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
  await Promise.all([inbox(), load()]);
}

start().catch(e => { msg.textContent = `Cannot load the reports: ${e.message}`; });

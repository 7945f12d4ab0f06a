// The maintenance board: schedules that are due or overdue, work orders by status (a card moves across the columns
// as it is started, completed, cancelled or put back), and the open incidents with their steps. Maintenance moves
// work orders; supervisors, managers and maintenance report and investigate incidents; managers close them.
import { getJson, request, refusal, hasRole } from './api.js';
import { startPage } from './shell.js';
import { html, render } from './html.js';

const msg = document.getElementById('msg');
const COLUMNS = { scheduled: 'Scheduled', in_progress: 'In progress', completed: 'Completed (30 days)', cancelled: 'Cancelled (30 days)' };
const WO_STEPS = { scheduled: ['start', 'cancel'], in_progress: ['complete', 'reschedule', 'cancel'], completed: [], cancelled: [] };
const NEEDS_NOTE = new Set(['cancel', 'reschedule', 'resolve', 'reopen']);
const INCIDENT_STEPS = { reported: ['investigate'], investigating: ['resolve'], resolved: ['close', 'reopen'], closed: ['reopen'] };
const MANAGERS_ONLY = new Set(['close', 'reopen']);
let user;

function woCard(w) {
  const steps = hasRole(user, 'maintenance', 'admin') ? WO_STEPS[w.status] : [];
  return html`<div class="card" id="wo-${w.id}" data-testid="wo-${w.id}">
    <b>#${w.id} ${w.type}</b> · <a href="/equipment.html?rig=${encodeURIComponent(w.rig)}#unit-${w.equipment}">${w.rig} / ${w.equipmentName}</a>
    <div>${w.description}</div>
    <div class="muted">scheduled ${w.scheduledOn}${w.completedOn ? ` · completed ${w.completedOn}` : ''}${w.performedBy ? ` · by ${w.performedBy}` : ''}${w.cost != null ? ` · cost ${w.cost}` : ''}</div>
    ${w.history.length > 1 ? html`<details><summary class="muted">history</summary>${w.history.map(c => html`<div class="muted">${c.at.slice(0, 16).replace('T', ' ')}
      ${c.by}: ${c.from ? `${c.from} → ` : ''}${c.to}${c.note ? ` (${c.note})` : ''}</div>`)}</details>` : ''}
    ${steps.length ? html`<div class="form-row" data-wo="${w.id}" data-version="${w.version}">
      <input name="note" placeholder="note" size="12" maxlength="2000">
      ${steps.map(s => html`<button type="button" data-step="${s}" data-testid="wo-${w.id}-${s}">${s}</button>`)}
      <span class="muted" data-msg data-testid="wo-${w.id}-msg"></span></div>` : ''}
  </div>`;
}

function incidentRow(i) {
  const steps = INCIDENT_STEPS[i.status].filter(s => (MANAGERS_ONLY.has(s) ? hasRole(user, 'manager', 'admin')
    : hasRole(user, 'supervisor', 'manager', 'maintenance', 'admin')));
  return html`<tr data-testid="incident-${i.id}" id="incident-${i.id}"><td>${i.occurredAt.slice(0, 16).replace('T', ' ')}</td><td>${i.rig}</td><td>${i.category}</td>
    <td class="${i.severity === 'critical' ? 'CRITICAL' : i.severity === 'high' ? 'WARNING' : ''}">${i.severity}</td>
    <td><b>${i.title}</b> — ${i.description}${i.location ? ` (${i.location})` : ''}${i.injuries ? ` · ${i.injuries} injured` : ''}${i.regulatorNotification
      ? ' · regulator to be notified' : ''}${i.resolution ? html`<div class="muted">resolution: ${i.resolution}</div>` : ''}</td>
    <td data-testid="incident-${i.id}-status">${i.status}</td>
    <td>${steps.length ? html`<span class="form-row" data-incident="${i.id}" data-version="${i.version}"><input name="note" placeholder="note" size="10">
      ${steps.map(s => html`<button type="button" data-step="${s}" data-testid="incident-${i.id}-${s}">${s}</button>`)}<span class="muted" data-msg></span></span>` : ''}</td></tr>`;
}

async function load() {
  const rig = document.getElementById('rig').value;
  history.replaceState(null, '', rig ? `?rig=${encodeURIComponent(rig)}${location.hash}` : `${location.pathname}${location.hash}`);
  const b = await getJson(`/api/maintenance/board${rig ? `?rig=${encodeURIComponent(rig)}` : ''}`);
  render(document.getElementById('due'), b.due.length ? html`<table class="events"><tbody>${b.due.map(d => html`<tr data-testid="due-${d.schedule.id}">
    <td><span class="pill bad">${d.due.state.toLowerCase()}</span></td><td>${d.schedule.rig} / ${d.schedule.equipmentName}</td><td>${d.schedule.name}</td>
    <td>${d.due.why}</td><td>${d.schedule.openWorkOrder ? html`<a href="#wo-${d.schedule.openWorkOrder}">work order #${d.schedule.openWorkOrder}</a>` : 'no work order yet'}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">Nothing is due.</p>`);
  render(document.getElementById('board'), html`${Object.entries(COLUMNS).map(([status, title]) => html`<section data-testid="column-${status}">
    <h3>${title} <span class="pill">${b.workOrders[status].length}</span></h3>${b.workOrders[status].map(woCard)}</section>`)}`);
  render(document.getElementById('incidents'), html`${b.incidents.map(incidentRow)}`);
  msg.textContent = b.incidents.length ? '' : 'No open incidents.';
}

async function step(box, path) {
  const note = box.querySelector('input[name=note]').value;
  const res = await request('POST', path, { version: Number(box.dataset.version), note: note || undefined });
  if (!res.ok) {
    box.querySelector('[data-msg]').textContent = refusal(res);
    return;
  }
  await load();
}

async function start() {
  user = await startPage();
  if (user.client) {
    msg.textContent = 'The maintenance board is for the contractor\'s staff: your rigs\' shared equipment is on the equipment page.';
    document.getElementById('pick').hidden = true;
    document.getElementById('staff').hidden = true;
    return;
  }
  const rigs = await getJson('/api/rigs');
  const select = document.getElementById('rig');
  select.append(...rigs.map(r => new Option(r.id, r.id)));
  const params = new URLSearchParams(location.search);
  if (params.get('rig')) select.value = params.get('rig');
  select.addEventListener('change', () => {
    if (select.value) document.getElementById('report').rig.value = select.value;
    load().catch(e => { msg.textContent = e.message; });
  });
  document.getElementById('board').addEventListener('click', ev => {
    const b = ev.target.closest('button[data-step]');
    if (b) step(b.closest('[data-wo]'), `/api/maintenance/work-orders/${b.closest('[data-wo]').dataset.wo}/${b.dataset.step}`);
  });
  document.getElementById('incidents').addEventListener('click', ev => {
    const b = ev.target.closest('button[data-step]');
    if (b) step(b.closest('[data-incident]'), `/api/incidents/${b.closest('[data-incident]').dataset.incident}/${b.dataset.step}`);
  });
  const form = document.getElementById('report');
  if (hasRole(user, 'supervisor', 'manager', 'maintenance', 'admin')) {
    form.hidden = false;
    form.rig.append(...rigs.map(r => new Option(r.id, r.id)));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const f = form.elements;
      const res = await request('POST', '/api/incidents', {
        rig: f.rig.value, category: f.category.value, severity: f.severity.value, title: f.title.value, description: f.description.value,
        occurredAt: new Date(f.occurredAt.value).toISOString(), location: f.location.value || undefined, injuries: Number(f.injuries.value || 0),
        environmentalImpact: f.environmentalImpact.value || undefined, regulatorNotification: f.regulatorNotification.checked,
        shareable: f.shareable.checked,
      });
      document.getElementById('report-msg').textContent = res.ok ? `incident #${res.body.id} reported${res.body.severity === 'critical'
        ? ': the alert rules\' recipients are emailed' : ''}` : refusal(res);
      if (res.ok) await load();
    });
    form.occurredAt.value = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    if (select.value) form.rig.value = select.value;
  }
  await load();
  if (location.hash) document.querySelector(location.hash)?.scrollIntoView();
}

start().catch(e => { msg.textContent = `Cannot load the maintenance board: ${e.message}`; });

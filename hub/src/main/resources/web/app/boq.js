// The bill of quantities of a date range, in one or per day or month: metres by client, rig, hole and core size;
// standby; materials; the same as CSV and Excel.
import { getJson } from './api.js';
import { startPage } from './shell.js';
import { html, render } from './html.js';

const form = document.getElementById('filters');
const msg = document.getElementById('msg');
const fixed = v => v.toFixed(2);
const none = cols => html`<tr><td colspan="${cols}" class="muted">none</td></tr>`;

async function load() {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (v) params.set(k, v);
  history.replaceState(null, '', `?${params}`);
  for (const type of ['csv', 'xlsx']) document.getElementById(`boq-${type}`).href = `/api/reports/boq.${type}?${params}`;
  try {
    const b = await getJson(`/api/reports/boq?${params}`);
    const period = l => (l.period ? (b.period === 'month' ? l.period.slice(0, 7) : l.period) : `${b.from} – ${b.to}`);
    render(document.querySelector('[data-testid="boq-metres"] tbody'), html`${b.metres.map(l => html`<tr><td>${period(l)}</td><td>${l.client ?? '—'}</td><td>${l.rig}</td>
      <td>${l.hole}</td><td>${l.coreSize}</td><td>${fixed(l.metres)}</td><td>${l.shifts}</td></tr>`)}`);
    render(document.querySelector('[data-testid="boq-standby"] tbody'), b.standby.length === 0 ? none(5) : html`${b.standby.map(l => html`<tr><td>${period(l)}</td><td>${l.client ?? '—'}</td><td>${l.rig}</td>
      <td>${fixed(l.hours)}</td><td>${l.shifts}</td></tr>`)}`);
    render(document.querySelector('[data-testid="boq-materials"] tbody'), b.materials.length === 0 ? none(6) : html`${b.materials.map(l => html`<tr><td>${period(l)}</td><td>${l.client ?? '—'}</td><td>${l.rig}</td>
      <td>${l.name}</td><td>${fixed(l.quantity)}</td><td>${l.unit}</td></tr>`)}`);
    msg.textContent = b.metres.length ? '' : `Nothing ${b.approvedOnly ? 'approved ' : ''}in this range.`;
  } catch (e) {
    msg.textContent = e.message;
  }
}

async function start() {
  await startPage();
  const params = new URLSearchParams(location.search);
  const today = new Date().toISOString().slice(0, 10);
  form.elements.from.value = params.get('from') ?? `${today.slice(0, 8)}01`;
  form.elements.to.value = params.get('to') ?? today;
  form.elements.rig.value = params.get('rig') ?? '';
  form.elements.period.value = params.get('period') ?? 'range';
  form.elements.all.checked = params.get('all') === 'true';
  form.addEventListener('submit', e => { e.preventDefault(); load(); });
  await load();
}

start().catch(e => { msg.textContent = `Cannot load the bill of quantities: ${e.message}`; });

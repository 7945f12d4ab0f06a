// Equipment health of a rig: each unit's remaining useful life with its 80 % band and trend, running hours, last and
// next maintenance and open work orders. Maintenance can score the fleet now, train the mud-pump model and open a
// work order. A client's user sees the rig's shareable equipment only (the hub filters it).
import { getJson, request, refusal, hasRole } from './api.js';
import { startPage } from './shell.js';
import { html, render } from './html.js';
import { echarts } from './vendor-echarts.js';

const params = new URLSearchParams(location.search);
const msg = document.getElementById('msg');
const KIND = { top_drive: 'top drive', mud_pump: 'mud pump', drawworks: 'drawworks', generator: 'generator', rotary_table: 'rotary table',
  shaker: 'shaker', centrifuge: 'centrifuge', compressor: 'compressor', bop: 'BOP', other: 'other' };
const h0 = v => (v == null ? '—' : `${Math.round(v)} h`);
let user;

function health(e, threshold, modelChannels) {
  if (!e.rul) {
    const missing = (modelChannels ?? []).filter(c => !e.channels.includes(c));
    return html`<span class="pill" data-testid="rul-${e.id}">${!modelChannels ? 'no RUL model for this kind of equipment'
      : missing.length ? `not scored: the model needs ${missing.join(', ')}` : 'no prediction yet'}</span>`;
  }
  const low = threshold != null && e.rul.rulHours < threshold;
  return html`<span class="pill ${low ? 'bad' : 'ok'}" data-testid="rul-${e.id}" title="80 % band from the model's cross-validation">RUL
    ${h0(e.rul.rulHours)} <span data-testid="band-${e.id}">(${Math.round(e.rul.lowHours)}–${Math.round(e.rul.highHours)} h)</span></span>
    ${threshold != null ? html`<span class="muted">alarm below ${threshold} h</span>` : ''}`;
}

function dueText(s) {
  const cls = { OVERDUE: 'bad', DUE: 'bad', OK: 'ok', UNKNOWN: '' }[s.due.state];
  return html`<li data-testid="schedule-${s.schedule.id}"><span class="pill ${cls}">${s.due.state.toLowerCase()}</span> ${s.schedule.name}: ${s.due.why}
    ${s.schedule.openWorkOrder ? html` · <a href="/maintenance.html#wo-${s.schedule.openWorkOrder}">work order ${s.schedule.openWorkOrder}</a>` : ''}</li>`;
}

function card(d) {
  const e = d.equipment;
  const open = d.workOrders.filter(w => w.status === 'scheduled' || w.status === 'in_progress');
  const last = d.lastMaintenance;
  return html`<section class="card" data-testid="unit-${e.id}" id="unit-${e.id}">
    <h2>${e.name} <span class="muted">${KIND[e.kind] ?? e.kind}${e.make ? ` · ${e.make}` : ''}${e.model ? ` ${e.model}` : ''}${e.serial ? ` · s/n ${e.serial}` : ''}</span></h2>
    <p>${health(e, d.threshold, d.modelChannels)}</p>
    <div class="rul-chart" id="trend-${e.id}" data-testid="trend-${e.id}"></div>
    <table class="events">
      <tr><td>running hours</td><td data-testid="hours-${e.id}">${h0(e.runningHours)} (${e.hoursPerDay.toFixed(1)} h/day over 14 days)</td></tr>
      <tr><td>measured by</td><td>${e.node ?? '—'}${e.channels.length ? ` · ${e.channels.join(', ')}` : ''}${e.runChannel ? ` · runs while ${e.runChannel} > ${e.runAbove}` : ''}</td></tr>
      <tr><td>last maintenance</td><td>${last ? html`${last.completedOn}: ${last.description} (${last.type})` : '—'}</td></tr>
      <tr><td>open work orders</td><td data-testid="open-${e.id}">${open.length ? html`${open.map(w => html`<div><a href="/maintenance.html#wo-${w.id}">#${w.id}</a>
        ${w.type} · ${w.status.replace('_', ' ')} · ${w.scheduledOn}: ${w.description}</div>`)}` : 'none'}</td></tr>
    </table>
    ${d.schedules.length ? html`<h3>Schedules</h3><ul>${d.schedules.map(dueText)}</ul>` : ''}
    ${hasRole(user, 'maintenance', 'admin') ? html`<form class="form-row" data-wo="${e.id}" data-testid="new-wo-${e.id}">
      <select name="type"><option>corrective</option><option>preventive</option><option>emergency</option></select>
      <input name="description" placeholder="what to do" required maxlength="2000" size="30">
      <input name="scheduledOn" type="date" required>
      <button type="submit">Open work order</button><span class="muted" data-msg></span></form>` : ''}
  </section>`;
}

function trend(d) {
  const box = document.getElementById(`trend-${d.equipment.id}`);
  const p = [...d.predictions].reverse();
  if (!p.length) {
    box.hidden = true;
    return;
  }
  const chart = echarts.init(box, 'dark', { renderer: 'canvas' });
  const t = p.map(x => x.at);
  chart.setOption({
    animation: false,
    backgroundColor: 'transparent',
    aria: { enabled: true },
    tooltip: { trigger: 'axis', valueFormatter: v => (v == null ? '' : `${Math.round(v)} h`) },
    grid: { left: 50, right: 20, top: 20, bottom: 30 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'RUL h', min: 0 },
    series: [
      { name: 'band low', type: 'line', data: p.map((x, i) => [t[i], x.lowHours]), stack: 'band', lineStyle: { opacity: 0 }, symbol: 'none' },
      { name: 'band (80 %)', type: 'line', data: p.map((x, i) => [t[i], x.highHours - x.lowHours]), stack: 'band', lineStyle: { opacity: 0 },
        areaStyle: { opacity: 0.25 }, symbol: 'none' },
      { name: 'RUL', type: 'line', data: p.map((x, i) => [t[i], x.rulHours]), symbol: 'circle', symbolSize: 4 },
      ...(d.threshold != null ? [{ name: 'alarm threshold', type: 'line', data: [[t[0], d.threshold], [t[t.length - 1], d.threshold]],
        lineStyle: { type: 'dashed' }, symbol: 'none' }] : []),
    ],
  });
  addEventListener('resize', () => chart.resize());
}

async function load() {
  const rig = document.getElementById('rig').value;
  history.replaceState(null, '', `?rig=${encodeURIComponent(rig)}`);
  const list = await getJson(`/api/equipment?rig=${encodeURIComponent(rig)}`);
  const [details, incidents] = await Promise.all([Promise.all(list.map(e => getJson(`/api/equipment/${e.id}`))),
    getJson(`/api/incidents?rig=${encodeURIComponent(rig)}`)]);
  render(document.getElementById('incidents'), incidents.length ? html`${incidents.map(i => html`<tr data-testid="incident-${i.id}">
    <td>${i.occurredAt.slice(0, 10)}</td><td>${i.category}</td><td class="${i.severity === 'critical' ? 'CRITICAL' : i.severity === 'high' ? 'WARNING' : ''}">${i.severity}</td>
    <td><b>${i.title}</b> — ${i.description}${i.resolution ? html`<div class="muted">resolution: ${i.resolution}</div>` : ''}</td><td>${i.status}</td></tr>`)}`
    : html`<tr><td class="muted">No incidents${user.client ? ' shared with you' : ''}.</td></tr>`);
  render(document.getElementById('units'), html`${details.map(card)}`);
  details.forEach(trend);
  msg.textContent = list.length ? '' : `No equipment recorded on ${rig}${user.client ? ' that is shared with you' : ''}.`;
  for (const form of document.querySelectorAll('form[data-wo]')) {
    form.scheduledOn.value = new Date().toISOString().slice(0, 10);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const res = await request('POST', '/api/maintenance/work-orders', { equipment: Number(form.dataset.wo), type: form.type.value,
        description: form.description.value, scheduledOn: form.scheduledOn.value });
      form.querySelector('[data-msg]').textContent = res.ok ? `work order #${res.body.id} opened` : refusal(res);
      if (res.ok) await load();
    });
  }
}

async function job(path, what) {
  const res = await request('POST', path);
  const el = document.getElementById('job');
  if (!res.ok) {
    el.textContent = refusal(res);
    return;
  }
  el.textContent = `${what} queued (job ${res.body.id})…`;
  for (let i = 0; i < 600; i++) {
    await new Promise(r => setTimeout(r, 1000));
    const j = await getJson(`/api/equipment/jobs/${res.body.id}`);
    if (j.status === 'success' || j.status === 'failed') {
      el.textContent = `${what}: ${j.status}${j.outcome ? ` — ${j.outcome}` : ''}`;
      await Promise.all([load(), models()]);
      return;
    }
    el.textContent = `${what}: ${j.status}…`;
  }
}

async function models() {
  if (user.client) return;
  const m = (await getJson('/api/equipment/models')).filter(x => x.active);
  render(document.getElementById('model'), html`${m.map(x => html`<span data-testid="model-${x.kind}">${KIND[x.kind] ?? x.kind} model v${x.version}:
    ${x.algorithm.toLowerCase().replace('_', ' ')}, held-out RMSE ${x.metrics.heldOutRmse?.toFixed(1)} h on ${x.metrics.heldOutUnits} cut-off points,
    trained ${x.trainedAt.slice(0, 16).replace('T', ' ')} by ${x.trainedBy} on ${x.training}</span>`)}${m.length ? '' : 'No RUL model trained yet.'}`);
}

async function start() {
  user = await startPage();
  const rigs = await getJson('/api/rigs');
  const select = document.getElementById('rig');
  render(select, html`${rigs.map(r => html`<option value="${r.id}">${r.id}${r.name && r.name !== r.id ? ` · ${r.name}` : ''}</option>`)}`);
  if (params.get('rig')) select.value = params.get('rig');
  select.addEventListener('change', () => load().catch(e => { msg.textContent = e.message; }));
  if (hasRole(user, 'maintenance', 'admin')) {
    document.getElementById('tools').hidden = false;
    document.getElementById('score').addEventListener('click', () => job('/api/equipment/score', 'Scoring'));
    document.getElementById('train').addEventListener('click', () => job('/api/equipment/models/mud_pump/train', 'Training'));
  }
  document.getElementById('board-link').hidden = !!user.client;
  if (!rigs.length) {
    msg.textContent = 'No rigs you can see.';
    return;
  }
  await Promise.all([load(), models()]);
}

start().catch(e => { msg.textContent = `Cannot load the equipment: ${e.message}`; });

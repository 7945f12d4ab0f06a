// Fleet dashboard: one tile per rig, kept live by /api/live.
import { getJson, live, showLiveState, requireSession, ACTIVITY, fmt, ago } from './api.js';
import { renderAlarms, loadAlarms } from './alarms.js';

const fleetEl = document.getElementById('fleet');
const tiles = new Map();   // rig id -> { el, rig }

function valueCell(mnemonic, kv) {
  const cell = document.createElement('div');
  cell.className = 'value' + (kv.quality !== 'G' ? ' stale' : '');
  cell.dataset.channel = mnemonic;
  cell.innerHTML = `<div class="m">${mnemonic}</div><span class="v" data-testid="value-${mnemonic}">${fmt(kv.value)}</span><span class="u">${kv.unit ?? ''}</span>`;
  return cell;
}

function render(rig) {
  let tile = tiles.get(rig.id);
  if (!tile) {
    const el = document.createElement('a');
    el.className = 'tile';
    el.href = `/rig.html?rig=${encodeURIComponent(rig.id)}`;
    el.dataset.rig = rig.id;
    el.dataset.testid = `rig-${rig.id}`;
    el.setAttribute('data-testid', `rig-${rig.id}`);
    fleetEl.append(el);
    tile = { el, rig };
    tiles.set(rig.id, tile);
  }
  tile.rig = rig;
  const backlog = rig.nodes.reduce((s, n) => s + (n.backlogReadings ?? 0), 0);
  tile.el.innerHTML = `
    <div class="head">
      <span class="name"><span class="dot ${rig.online ? 'on' : ''}"></span>${rig.id}</span>
      <span class="activity" data-testid="activity">${ACTIVITY[rig.activity] ?? rig.activity}</span>
    </div>
    <div class="values"></div>
    <div class="foot">${rig.online ? 'online' : 'offline'} · ${rig.nodes.length} node(s) · last seen
      <span class="seen">${ago(rig.lastSeen)}</span>${backlog ? ` · backlog ${backlog}` : ''}
      </div>
    ${rig.alarms.active ? `<div class="alarm-badge ${rig.alarms.worst}" data-testid="alarm-badge">${rig.alarms.active} alarm(s)
      ${rig.alarms.unacknowledged ? `· ${rig.alarms.unacknowledged} unacknowledged` : '· all acknowledged'}</div>` : ''}`;
  const values = tile.el.querySelector('.values');
  for (const [m, kv] of Object.entries(rig.keyValues)) values.append(valueCell(m, kv));
}

async function refresh() {
  const rigs = await getJson('/api/rigs');
  document.getElementById('empty').hidden = rigs.length > 0;
  rigs.forEach(render);
  renderAlarms(document.getElementById('alarms'), await loadAlarms({ state: 'open' }), { showRig: true });
}

function onReadings(e) {
  const tile = tiles.get(e.rig);
  if (!tile) { refresh(); return; }
  for (const [m, s] of Object.entries(e.channels)) {
    const kv = tile.rig.keyValues[m];
    if (!kv) continue;
    const last = s.v.length - 1;
    kv.value = s.v[last];
    kv.quality = s.q[last];
  }
  tile.rig.activity = e.activity;
  tile.rig.lastSeen = new Date().toISOString();
  tile.rig.online = true;
  render(tile.rig);
}

async function start() {
  await requireSession();
  await refresh();
  const state = document.getElementById('live-state');
  live('/api/live', { readings: onReadings, node: () => refresh(), alarm: () => refresh() }, up => showLiveState(state, up));
  setInterval(() => refresh().catch(() => {}), 30_000);
}

start().catch(err => { fleetEl.textContent = `Cannot load the fleet: ${err.message}`; });

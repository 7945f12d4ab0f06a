// The 24-hour report of a rig and date: day and night side by side, the 24-hour totals, hours by activity code and
// the activity breakdown of each shift as a stacked bar (ECharts).
import { getJson } from './api.js';
import { echarts } from './vendor-echarts.js';
import { startPage, setTitle } from './shell.js';
import { html, render } from './html.js';

const params = new URLSearchParams(location.search);
const fixed = v => (Number.isFinite(v) ? v.toFixed(2) : '—');

function shift(name, r) {
  if (!r) return html`<section class="card" data-testid="daily-${name}"><h2>${name} shift</h2><p class="muted">no report</p></section>`;
  return html`<section class="card" data-testid="daily-${name}"><h2><a href="/report.html?id=${r.id}">${name} shift</a> · ${r.window} · ${r.status.replace('_', ' ')}</h2>
    <table class="events"><tr><td>metres</td><td>${fixed(r.totals.metres)}</td></tr><tr><td>man-hours</td><td>${fixed(r.totals.manHours)}</td></tr>
    <tr><td>productive · NPT hours</td><td>${fixed(r.totals.productiveHours)} · ${fixed(r.totals.nonProductiveHours)}</td></tr>
    <tr><td>standby hours</td><td>${fixed(r.totals.standbyHours)}</td></tr><tr><td>quality score</td><td>${r.qualityScore}</td></tr></table>
    <ul>${r.progress.map(p => html`<li>hole ${p.hole} ${p.coreSize}: ${fixed(p.fromDepth)} → ${fixed(p.toDepth)} m (${fixed(p.metres)} m)</li>`)}</ul></section>`;
}

/** A code with its label, and (NPT) for non-productive time. */
function codeLabel(codes, code) {
  const c = codes.find(x => x.code === code);
  return c ? `${code} ${c.label}${c.productive ? '' : ' (NPT)'}` : code;
}

/** One bar per shift, stacked by activity code; non-productive codes are marked (NPT) in the legend. */
function breakdown(d, codes) {
  const box = document.getElementById('breakdown');
  const shifts = ['day', 'night'].filter(n => d[n]);
  const used = [...new Set(shifts.flatMap(n => Object.keys(d[n].totals.hoursByCode)))].sort();
  if (!used.length) {
    box.hidden = true;
    return;
  }
  const label = code => codeLabel(codes, code);
  // the canvas renderer: the SVG one writes style attributes, which the hub's Content-Security-Policy blocks
  const chart = echarts.init(box, 'dark', { renderer: 'canvas' });   // the hub's pages are dark
  chart.setOption({
    animation: false,
    backgroundColor: 'transparent',
    aria: { enabled: true },     // a text description of the chart on its box, for screen readers (and the tests)
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: v => `${fixed(v)} h` },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 70, right: 20, top: 10, bottom: 80 },
    xAxis: { type: 'value', name: 'hours', nameLocation: 'middle', nameGap: 24, max: 12 * Math.ceil(Math.max(...shifts.map(n => d[n].hours)) / 12) },
    yAxis: { type: 'category', inverse: true, data: shifts.map(n => `${n} shift`) },
    series: used.map(code => ({
      name: label(code), type: 'bar', stack: 'hours',
      data: shifts.map(n => Math.round((d[n].totals.hoursByCode[code] ?? 0) * 100) / 100),
    })),
  });
  addEventListener('resize', () => chart.resize());
}

async function start() {
  await startPage();
  const query = `rig=${encodeURIComponent(params.get('rig') ?? '')}&date=${encodeURIComponent(params.get('date') ?? '')}`;
  document.getElementById('daily-pdf').href = `/api/reports/daily.pdf?${query}`;
  const [d, codes] = await Promise.all([getJson(`/api/reports/daily?${query}`), getJson('/api/reports/codes')]);
  setTitle(`${d.rig} · ${d.date} · 24 hours`);
  const t = d.totals;
  const byCode = t ? Object.entries(t.hoursByCode) : [];
  const most = Math.max(1, ...byCode.map(([, h]) => h));
  render(document.getElementById('totals'), t ? html`<table class="events"><tr><td>24-hour metres</td><td data-testid="daily-metres">${fixed(t.metres)}</td></tr>
    <tr><td>man-hours</td><td>${fixed(t.manHours)}</td></tr><tr><td>drilling hours</td><td>${fixed(t.drillingHours)}</td></tr>
    <tr><td>productive · NPT hours</td><td>${fixed(t.productiveHours)} · ${fixed(t.nonProductiveHours)}</td></tr><tr><td>standby hours</td><td>${fixed(t.standbyHours)}</td></tr></table>
    <h2>Hours by activity code</h2>${byCode.length ? html`<table class="events" data-testid="daily-codes">${byCode.map(([code, h]) => html`<tr><td>${codeLabel(codes, code)}</td>
      <td><meter min="0" max="${most}" value="${h}"></meter> ${fixed(h)} h</td></tr>`)}</table>` : html`<p class="muted">No activities logged yet.</p>`}` : html`<p class="muted">No report for this rig and date.</p>`);
  render(document.getElementById('shifts'), html`${shift('day', d.day)}${shift('night', d.night)}`);
  document.getElementById('daily-pdf').hidden = !t;
  breakdown(d, codes);
}

start().catch(e => { document.getElementById('msg').textContent = `Cannot load the 24-hour report: ${e.message}`; });

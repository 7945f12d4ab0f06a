// The planner's import: a CSV or xlsx file, or rows pasted from a spreadsheet (tab-separated, header row first). Step 1
// reads the columns and suggests which field each is; step 2 is the dry run (each row: created, changed with before
// and after, unchanged, or refused with its reasons; nothing stored); step 3 imports all rows in one go, or none.
import { upload, refusal } from './api.js';
import { html, render } from './html.js';

let source = null;     // the File or Blob being imported
let columns = null;    // POST /api/plan/import/columns

const show = v => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function mappingNow() {
  const out = {};
  document.querySelectorAll('#mapping select[data-field]').forEach(s => { if (s.value) out[s.dataset.field] = s.value; });
  return out;
}

function url(entity, scenario, apply) {
  const q = new URLSearchParams({ entity, apply: String(apply), mapping: JSON.stringify(mappingNow()) });
  if (entity === 'campaign-wells') q.set('scenario', String(scenario.scenario.id));
  return `/api/plan/import?${q}`;
}

function drawReport(r) {
  render(document.getElementById('report'), html`<p data-testid="import-summary">${r.message} — create ${r.summary.create}, change ${r.summary.change},
      unchanged ${r.summary.unchanged}, refused ${r.summary.refused}</p>
    <table class="events"><tr><th>Row</th><th>What</th><th></th><th>Why, or what changes</th></tr>
    ${r.rows.map(x => html`<tr data-action="${x.action}"><td>${x.row}</td><td>${x.key}</td>
      <td><span class="pill ${x.action === 'refused' ? 'bad' : x.action === 'unchanged' ? '' : 'ok'}">${x.action}</span></td>
      <td>${x.action === 'refused' ? x.errors.map(e => html`<div class="finding error">${e.field}: ${e.message}</div>`)
        : Object.entries(x.changes).map(([f, [a, b]]) => html`<div>${f}: ${show(a)} → ${show(b)}</div>`)}</td></tr>`)}</table>`);
}

export function startImport(currentScenario, canWrite, say, imported) {
  const form = document.getElementById('import');
  const paste = document.getElementById('paste');
  if (!canWrite()) {
    form.hidden = true;
    paste.closest('label').hidden = true;
    return;
  }
  const readColumns = async () => {
    const entity = form.entity.value;
    const res = await upload(`/api/plan/import/columns?entity=${entity}`, source);
    if (!res.ok) {
      say(`Cannot read it: ${refusal(res)}`);
      render(document.getElementById('mapping'), html``);
      return;
    }
    columns = res.body;
    const fields = columns.fields;
    render(document.getElementById('mapping'), html`<p>${columns.format === 'xlsx' ? `Sheet '${columns.sheet}'` : 'CSV'}: ${columns.rows} rows.
      Which column is each field?</p>
      <table class="events"><tr><th>Field</th><th>Column</th><th></th></tr>
      ${fields.map(f => html`<tr><td>${f.name}${f.required ? ' *' : ''}</td><td><select data-field="${f.name}"><option value="">(none)</option>
        ${columns.headers.map(h => html`<option ${columns.mapping[f.name] === h ? html`selected` : ''}>${h}</option>`)}</select></td>
        <td class="muted">${f.help}</td></tr>`)}</table>
      <button type="button" id="dry-run" data-testid="dry-run">Dry run</button>
      <button type="button" id="apply-import" data-testid="apply-import">Import</button>`);
    render(document.getElementById('report'), html``);
    const run = async apply => {
      const r = await upload(url(entity, currentScenario(), apply), source);
      if (r.body?.rows) drawReport(r.body);
      if (!r.ok) {
        say(r.status === 422 ? `Nothing imported: ${r.body.message}` : `Not imported: ${refusal(r)}`);
        return;
      }
      say(r.body.message);
      if (apply) await imported();
    };
    document.getElementById('dry-run').addEventListener('click', () => run(false));
    document.getElementById('apply-import').addEventListener('click', () => run(true));
  };
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (!form.file.files.length) {
      say('Choose a file (CSV or xlsx), or paste rows.');
      return;
    }
    source = form.file.files[0];
    readColumns();
  });
  // rows pasted from a spreadsheet are tab-separated text: imported as a CSV file would be
  const fromPaste = () => {
    if (!paste.value.trim()) return;
    source = new Blob([paste.value], { type: 'text/csv' });
    readColumns();
  };
  paste.addEventListener('paste', () => setTimeout(fromPaste, 0));
  paste.addEventListener('change', fromPaste);
}

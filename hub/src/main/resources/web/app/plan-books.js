// The planner's rigs and wells, each in a grid of its own (Tabulator): edited in place and saved with the version the
// row started from (a stale one is refused and shown as it now is), added by the form under the grid.
import { request, hasRole, refusal } from './api.js';
import { escape } from './html.js';
import { Tabulator } from './vendor-tabulator.js';

const grids = {};
const bound = new Set();

/** "2027-01-01..2027-06-30; 2027-09-01.." ⇄ [{from, to}] */
const windowsText = ws => ws.map(w => `${w.from}..${w.to ?? ''}`).join('; ');
function windows(text) {
  return text.split(';').map(s => s.trim()).filter(Boolean).map(s => {
    const [from, to] = s.split('..').map(x => x.trim());
    return { from, to: to || null };
  });
}

/** {@code save(cell)} one at a time per row, each from the version the previous one left (a pasted range saves a row's cells in turn). */
export function oneAtATime(save) {
  const saving = new Map();
  return cell => {
    const id = cell.getRow().getData().id;
    const next = (saving.get(id) ?? Promise.resolve()).then(() => save(cell));
    saving.set(id, next.catch(() => {}));
    return next;
  };
}

/**
 * A paste from a spreadsheet into the selected range (one cell: from there down and right), cell by cell as if each
 * were typed: each is saved, and undone by Ctrl+Z. Tabulator's own range paste writes the rows' data without either.
 * `this` is Tabulator's clipboard module.
 */
export function pasteRange(data) {
  const range = this.table.modules.selectRange?.activeRange;
  const bounds = range?.getBounds();
  if (!bounds?.start) return [];
  const rows = this.table.rowManager.activeRows.slice();
  const first = rows.indexOf(bounds.start.row);
  const count = bounds.start === bounds.end ? data.length : rows.indexOf(bounds.end.row) - first + 1;
  const touched = rows.slice(first, first + count);
  touched.forEach((r, i) => {
    for (const [field, value] of Object.entries(data[i % data.length])) {
      const cell = r.getCell(field);
      if (cell && cell.column.definition.editor && String(cell.getValue()) !== String(value)) {
        cell.setValue(cell.column.definition.editor === 'number' ? Number(value) : value);
      }
    }
  });
  return touched;
}

function editable(user) {
  return hasRole(user, 'editor', 'manager', 'admin');
}

async function save(cell, path, body, shape, say) {
  const res = await request('PUT', path, body);
  if (res.ok) {
    cell.getRow().update(shape(res.body));
    say(`Saved ${path.split('/').slice(-2).join(' ')}.`);
  } else {
    cell.restoreOldValue();
    say(`Not saved: ${refusal(res)}`);
    if (res.status === 409 && res.body?.current) cell.getRow().update(shape(res.body.current));
  }
}

function draw(name, box, data, columns, onEdit) {
  grids[name]?.destroy();
  // a fixed height once the rows need more: only the rows in view are drawn (thousands of wells)
  const grid = new Tabulator(box, { data, columns, layout: 'fitColumns', index: 'id', history: true, keybindings: true,
    height: data.length > 15 ? '600px' : undefined,
    clipboard: true, clipboardPasteParser: 'range', clipboardPasteAction: pasteRange, selectableRange: 1, selectableRangeColumns: false,
    editTriggerEvent: 'dblclick' });
  grid.on('cellEdited', onEdit);
  grid.on('historyUndo', (action, c) => { if (action === 'cellEdit') onEdit(c); });
  grid.on('historyRedo', (action, c) => { if (action === 'cellEdit') onEdit(c); });
  grids[name] = grid;
}

function bindForm(id, submit) {
  if (bound.has(id)) return;
  bound.add(id);
  document.getElementById(id).addEventListener('submit', e => {
    e.preventDefault();
    submit(e.target);
  });
}

export function rigGrid(box, rigs, user, say, reload) {
  const can = editable(user);
  const shape = r => ({ ...r, windows: windowsText(r.available) });
  draw('rigs', box, rigs.map(shape), [
    { title: 'Id', field: 'id' },
    { title: 'Name', field: 'name', editor: can && 'input' },
    { title: 'Day rate', field: 'dayRate', editor: can && 'number', editorParams: { min: 0 } },
    { title: 'Currency', field: 'currency', editor: can && 'input' },
    { title: 'Status', field: 'status', editor: can && 'list', editorParams: { values: ['active', 'standby', 'maintenance'] } },
    { title: 'Available', field: 'windows', editor: can && 'input', formatter: c => escape(c.getValue() || 'always') },
    { title: 'Changed by', field: 'updatedBy' },
  ], oneAtATime(cell => {
    const r = cell.getRow().getData();
    return save(cell, `/api/plan/rigs/${encodeURIComponent(r.id)}`, { version: r.version, name: r.name, dayRate: Number(r.dayRate), currency: r.currency,
      status: r.status, available: windows(r.windows) }, shape, say);
  }));
  document.getElementById('add-rig').hidden = !can;
  bindForm('add-rig', async f => {
    const res = await request('PUT', `/api/plan/rigs/${encodeURIComponent(f.id.value)}`, { name: f.name.value, dayRate: Number(f.dayRate.value),
      currency: f.currency.value, status: 'active' });
    say(res.ok ? `Added rig ${f.id.value}.` : `Not added: ${refusal(res)}`);
    if (res.ok) await reload('rigs');
  });
}

export function wellGrid(box, wells, user, say, reload) {
  const can = editable(user);
  const shape = w => ({ ...w });
  draw('wells', box, wells.map(shape), [
    { title: 'Name', field: 'name', editor: can && 'input', headerFilter: 'input' },
    { title: 'Field', field: 'field', editor: can && 'input', headerFilter: 'input' },
    { title: 'Type', field: 'type', editor: can && 'list', editorParams: { values: ['exploration', 'appraisal', 'development', 'water', 'geotechnical', 'other'] } },
    { title: 'Planned depth (m)', field: 'plannedDepth', editor: can && 'number', editorParams: { min: 0.1 } },
    { title: 'Location', field: 'location', editor: can && 'input' },
  ], oneAtATime(cell => {
    const w = cell.getRow().getData();
    return save(cell, `/api/plan/wells/${w.id}`, { version: w.version, name: w.name, field: w.field || null, type: w.type,
      plannedDepth: w.plannedDepth === '' || w.plannedDepth == null ? null : Number(w.plannedDepth), location: w.location || null }, shape, say);
  }));
  document.getElementById('add-well').hidden = !can;
  bindForm('add-well', async f => {
    const res = await request('POST', '/api/plan/wells', { name: f.name.value, field: f.field.value || null, type: f.type.value,
      plannedDepth: f.plannedDepth.value ? Number(f.plannedDepth.value) : null });
    say(res.ok ? `Added well ${f.name.value}.` : `Not added: ${refusal(res)}`);
    if (res.ok) await reload('wells');
  });
}

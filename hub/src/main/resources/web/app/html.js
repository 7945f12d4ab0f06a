// Markup from data, escaped by default. Every page builds its HTML with html`...`: each ${value} is escaped unless it is
// itself html`...` (or an array of them), so a unit, a reason or a name sent by a rig or typed by a user is shown as
// text. render() and append() are the only ways to put markup into the page, and they take nothing but html`...`.

class Html {
  constructor(markup) { this.markup = markup; }
  toString() { return this.markup; }
}

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** The text of `value` as HTML text or attribute value (quoted). */
export function escape(value) {
  return String(value ?? '').replace(/[&<>"'`]/g, c => ENTITIES[c]);
}

function part(value) {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === null || value === undefined || value === false) return '';
  return escape(value);
}

/** A tagged template: html`<td>${reason}</td>`. Nested html`` and arrays of it are kept, everything else escaped. */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => { out += part(value) + strings[i + 1]; });
  return new Html(out);
}

function checked(markup) {
  if (!(markup instanceof Html)) throw new TypeError('render() and append() take html`...`, not a ' + typeof markup);
  return markup.markup;
}

/** Replaces the content of `element` with `markup`, which must come from html`...`. */
export function render(element, markup) {
  element.innerHTML = checked(markup);
}

/** Adds `markup` (from html`...`) after the content of `element`. */
export function append(element, markup) {
  element.insertAdjacentHTML('beforeend', checked(markup));
}

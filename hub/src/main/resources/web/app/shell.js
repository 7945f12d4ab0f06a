// The frame of every signed-in page: the header with the product, the page's title, the navigation and who is signed
// in (with sign-out). A page's HTML holds <header data-title="..."> with only its own items (a live pill, a rig's
// state); startPage() adds the rest and returns the signed-in user, sending the browser to the sign-in page when needed.
import { requireSession, send } from './api.js';
import { html, render } from './html.js';

/** Navigation: label, path, who sees it. */
const NAV = [
  { label: 'Fleet', path: '/', show: () => true },
  { label: 'Reports', path: '/reports.html', show: () => true },
  { label: 'KPIs', path: '/kpi.html', show: () => true },
  { label: 'Plan', path: '/plan.html', show: user => !user.client },
  { label: 'Equipment', path: '/equipment.html', show: () => true },
  { label: 'Maintenance', path: '/maintenance.html', show: user => !user.client },
  { label: 'Admin', path: '/admin.html', show: user => user.roles.includes('admin') },
];

export async function startPage() {
  const user = await requireSession();
  const header = document.querySelector('header');
  const title = document.createElement('h1');
  render(title, html`<a href="/">Derrick</a> <span class="sub" id="page-title" data-testid="page-title">${header.dataset.title ?? ''}</span>`);
  header.prepend(title);

  const nav = document.createElement('nav');
  nav.className = 'nav';
  render(nav, html`${NAV.filter(n => n.show(user)).map(n => html`<a href="${n.path}" data-testid="nav-${n.label.toLowerCase()}"
      ${location.pathname === n.path ? html`aria-current="page"` : ''}>${n.label}</a>`)}`);
  const menu = document.createElement('div');
  menu.className = 'user-menu';
  render(menu, html`<span class="muted" data-testid="signed-in-as" title="${user.roles.join(', ')}">${user.displayName}</span>
      <button data-testid="sign-out">Sign out</button>`);
  menu.querySelector('button').addEventListener('click', async () => {
    await send('DELETE', '/api/session').catch(() => {});
    location.assign('/login.html');
  });
  header.append(nav, menu);
  return user;
}

/** The page's title in the header and the browser tab. */
export function setTitle(text) {
  document.getElementById('page-title').textContent = text;
  document.title = `Derrick · ${text}`;
}

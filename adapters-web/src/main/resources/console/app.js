// The console's shell: sign-in state, the top bar with the pages the token may use, and a router over the URL's
// fragment (#/customers, #/customers/acme). A link from bin/run carries a token in the fragment (#token=…), which
// browsers never send to a server: it is moved into session storage and taken out of the address bar at once.
import * as api from './api.js';
import {fill, h, setTenant, toast} from './ui.js';

/** The pages: a pattern over the fragment's path, the module that renders it, and who may open it. */
export const PAGES = [
  {path: /^\/customers$/, module: './pages/customers.js', nav: 'Customers', href: '#/customers'},
  {path: /^\/customers\/([^/]+)$/, module: './pages/customer.js'},
  {path: /^\/dashboards$/, module: './pages/dashboards.js', nav: 'Dashboards', href: '#/dashboards'},
  {path: /^\/dashboards\/([^/]+)$/, module: './pages/dashboard.js'},
  {path: /^\/metrics$/, module: './pages/metrics.js', nav: 'Metrics', href: '#/metrics'},
  {path: /^\/billing$/, module: './pages/billing.js', nav: 'Billing', href: '#/billing', role: 'analyst', tenantWide: true},
  {path: /^\/schedules$/, module: './pages/schedules.js', nav: 'Schedules', href: '#/schedules', role: 'analyst', tenantWide: true},
  {path: /^\/alerts$/, module: './pages/alerts.js', nav: 'Alerts', href: '#/alerts', role: 'analyst', tenantWide: true},
  {path: /^\/admin$/, module: './pages/admin.js', nav: 'Admin', href: '#/admin', role: 'admin', tenantWide: true},
];

const main = document.getElementById('main');
const bar = document.getElementById('bar');
let tenant = null;

function takeTokenFromFragment() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (match) {
    api.signIn(decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search + '#/customers');
  }
}

function visible(page) {
  if (!page.nav) return false;
  if (page.role && !api.hasRole(page.role)) return false;
  if (page.tenantWide && api.scopedCustomers()) return false;
  return true;
}

function renderBar() {
  const current = location.hash || '#/customers';
  const links = PAGES.filter(visible).map(page => h('a', {
    href: page.href,
    'aria-current': current.startsWith(page.href) ? 'page' : null,
  }, page.nav));
  const who = api.claims();
  fill(bar,
      h('a', {class: 'brand', href: '#/customers'}, tenant?.brand_name || tenant?.tenant || 'Tally'),
      h('nav', {'aria-label': 'Pages'}, links),
      h('span', {class: 'who'}, who?.sub ? `${who.sub} · ${(who.roles || []).join(', ')}` : ''),
      h('button', {type: 'button', class: 'secondary', id: 'sign-out', onclick: () => signOut('You are signed out.')}, 'Sign out'));
  if (tenant?.brand_colour) document.documentElement.style.setProperty('--brand', tenant.brand_colour);
  bar.hidden = false;
}

function signOut(message) {
  api.signOut();
  tenant = null;
  bar.hidden = true;
  history.replaceState(null, '', location.pathname + location.search + '#/signin');
  showSignIn(message);
}

async function showSignIn(message) {
  const page = await import('./pages/signin.js');
  document.title = 'Sign in · Tally console';
  page.render(main, {message, onSignedIn: start});
}

async function start() {
  if (!api.token()) {
    await showSignIn();
    return;
  }
  try {
    tenant = await api.get('/api/v1/tenant');
    setTenant(tenant);
  } catch (error) {
    if (error.status === 401) return; // the signed-out event shows sign-in
    tenant = null;
  }
  renderBar();
  if (!location.hash || location.hash === '#/signin' || location.hash === '#/') {
    history.replaceState(null, '', location.pathname + location.search + '#/customers');
  }
  await route();
}

async function route() {
  if (!api.token()) {
    await showSignIn();
    return;
  }
  const path = decodeURI(location.hash.replace(/^#/, '')) || '/customers';
  const page = PAGES.find(candidate => candidate.path.test(path));
  renderBar();
  if (!page) {
    fill(main, h('h1', {}, 'Not found'), h('p', {class: 'state empty'}, `The console has no page at ${path}.`),
        h('a', {href: '#/customers'}, 'Back to customers'));
    return;
  }
  const params = page.path.exec(path).slice(1).map(decodeURIComponent);
  const module = await import(page.module);
  await module.render(main, {params, tenant});
  main.focus({preventScroll: true});
}

window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#token=')) {
    takeTokenFromFragment();
    start();
  } else if (location.hash !== '#/signin') {
    route();
  }
});
window.addEventListener('tally:signed-out', event => {
  toast(event.detail, 'error');
  signOut(event.detail);
});

takeTokenFromFragment();
start();

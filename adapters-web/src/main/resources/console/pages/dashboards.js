// Dashboards: the caller's own and the tenant's shared ones (GET /api/v1/dashboards, the defaults first, cursor
// paging), with their visibility, owner and whether they are a default; each row opens the dashboard's page.
import * as api from '../api.js';
import {date, empty, fill, h, section} from '../ui.js';

const PAGE_SIZE = 25;
const state = {cursors: [null]};

export async function render(main) {
  document.title = 'Dashboards · Tally console';
  const results = h('div', {id: 'dashboard-results', 'aria-live': 'polite'});
  fill(main, h('h1', {}, 'Dashboards'),
      h('p', {class: 'muted'}, 'Your own dashboards and those shared with the whole tenant. The defaults come first.'),
      results);
  await load(results);
}

async function load(results) {
  const cursor = state.cursors[state.cursors.length - 1];
  await section(results,
      () => api.get('/api/v1/dashboards' + api.query({limit: PAGE_SIZE, cursor})),
      page => table(page, results));
}

function table(page, results) {
  if (page.items.length === 0) return empty('No dashboards yet.');
  const rows = page.items.map(dashboard => h('tr', {},
      h('th', {scope: 'row'}, h('a', {href: `#/dashboards/${encodeURIComponent(dashboard.id)}`, class: 'dashboard-link'}, dashboard.name),
          dashboard.description ? h('div', {class: 'muted small'}, dashboard.description) : null),
      h('td', {}, h('span', {class: `badge ${dashboard.visibility}`}, dashboard.visibility === 'tenant' ? 'shared' : 'private')),
      h('td', {}, dashboard.owner),
      h('td', {}, dashboard.default_key ? 'Default' : '–'),
      h('td', {class: 'num'}, String(dashboard.widgets.length)),
      h('td', {}, date(dashboard.updated_at))));
  const pageNumber = state.cursors.length;
  const previous = h('button', {type: 'button', class: 'secondary', disabled: pageNumber === 1, onclick: () => {
    state.cursors.pop();
    load(results);
  }}, 'Previous page');
  const next = h('button', {type: 'button', class: 'secondary', disabled: !page.next_cursor, onclick: () => {
    state.cursors.push(page.next_cursor);
    load(results);
  }}, 'Next page');
  return [
    h('div', {class: 'table-wrap'}, h('table', {id: 'dashboards'},
        h('caption', {class: 'sr-only'}, 'Dashboards, the defaults first'),
        h('thead', {}, h('tr', {}, ['Dashboard', 'Visibility', 'Owner', 'Default', 'Widgets', 'Updated'].map(name => h('th', {scope: 'col'}, name)))),
        h('tbody', {}, rows))),
    h('div', {class: 'pager'}, previous, h('span', {}, `Page ${pageNumber}`), next),
  ];
}

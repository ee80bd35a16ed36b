// Customers: GET /api/v1/customers with a search (q) and cursor paging; each row opens the customer's page.
import * as api from '../api.js';
import {date, empty, fill, h, section} from '../ui.js';

const PAGE_SIZE = 25;
const state = {search: '', cursors: [null]};

export async function render(main) {
  document.title = 'Customers · Tally console';
  const results = h('div', {id: 'customer-results', 'aria-live': 'polite'});
  const input = h('input', {type: 'search', id: 'customer-search', name: 'q', value: state.search, maxlength: 100,
    autocomplete: 'off', placeholder: 'Name or id'});
  const form = h('form', {class: 'toolbar', role: 'search', onsubmit: event => {
    event.preventDefault();
    state.search = input.value.trim();
    state.cursors = [null];
    load(results);
  }},
  h('label', {for: 'customer-search'}, 'Search customers'),
  input,
  h('button', {type: 'submit', class: 'secondary'}, 'Search'));
  fill(main, h('h1', {}, 'Customers'), form, results);
  await load(results);
}

async function load(results) {
  const cursor = state.cursors[state.cursors.length - 1];
  await section(results,
      () => api.get('/api/v1/customers' + api.query({q: state.search, limit: PAGE_SIZE, cursor})),
      page => table(page, results));
}

function table(page, results) {
  if (page.items.length === 0) {
    return empty(state.search ? `No customer's id or name holds “${state.search}”.` : 'No customers yet: they appear when your product sends their profiles or events.');
  }
  const rows = page.items.map(customer => h('tr', {},
      h('th', {scope: 'row'}, h('a', {href: `#/customers/${encodeURIComponent(customer.external_id)}`, class: 'customer-link'},
          customer.display_name || customer.external_id)),
      h('td', {}, h('code', {}, customer.external_id)),
      h('td', {}, customer.plan || '–'),
      h('td', {}, h('span', {class: `badge ${customer.status}`}, customer.status)),
      h('td', {}, customer.country || '–'),
      h('td', {}, date(customer.signed_up_at))));
  const pageNumber = state.cursors.length;
  const previous = h('button', {type: 'button', class: 'secondary', disabled: pageNumber === 1, onclick: () => {
    state.cursors.pop();
    load(results);
  }}, 'Previous page');
  const next = h('button', {type: 'button', class: 'secondary', id: 'next-page', disabled: !page.next_cursor, onclick: () => {
    state.cursors.push(page.next_cursor);
    load(results);
  }}, 'Next page');
  return [
    h('div', {class: 'table-wrap'}, h('table', {id: 'customers'},
        h('caption', {class: 'sr-only'}, 'Customers, by id'),
        h('thead', {}, h('tr', {}, ['Customer', 'Id', 'Plan', 'Status', 'Country', 'Signed up'].map(name => h('th', {scope: 'col'}, name)))),
        h('tbody', {}, rows))),
    h('div', {class: 'pager'}, previous, h('span', {}, `Page ${pageNumber}`), next),
  ];
}

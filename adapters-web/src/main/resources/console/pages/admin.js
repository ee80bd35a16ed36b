// Admin (admins and owners): usage resets (a dry run first, then the real reset under one Idempotency-Key, and the
// past resets), the audit log with its filters and cursor paging, and privacy requests (the list with its filters,
// and a new request, an erasure only after an explicit confirmation).
// Calls: GET /api/v1/plans (the plans and the meters they limit, to choose from), POST and GET
// /api/v1/admin/usage-resets, GET /api/v1/admin/audit, POST and GET /api/v1/privacy/requests.
import * as api from '../api.js';
import {date, empty, failure, fill, h, label, loading, number, section, toast} from '../ui.js';

const RESET_PAGE = 10;
const AUDIT_PAGE = 25;
const PRIVACY_PAGE = 25;
const REQUEST_TYPES = ['access', 'erasure', 'rectification', 'restriction', 'objection', 'lift_restriction'];
const REQUEST_STATUSES = ['received', 'in_progress', 'completed', 'rejected'];

export async function render(main) {
  document.title = 'Admin · Tally console';
  const history = h('div', {id: 'reset-history', 'aria-live': 'polite'});
  const audit = h('div', {id: 'audit-results', 'aria-live': 'polite'});
  const privacy = h('div', {id: 'privacy-results', 'aria-live': 'polite'});
  const auditView = auditLog(audit);
  const privacyView = privacyRequests(privacy);
  const resetHistory = pagedList(history, RESET_PAGE, (cursor, limit) => api.get('/api/v1/admin/usage-resets' + api.query({limit, cursor})),
      resetTable, 'No usage resets yet.');
  fill(main,
      h('h1', {}, 'Admin'),
      h('nav', {class: 'admin-toc', 'aria-label': 'Admin sections'},
          h('a', {href: '#/admin', onclick: jump('usage-reset-title')}, 'Usage reset'),
          h('a', {href: '#/admin', onclick: jump('audit-title')}, 'Audit log'),
          h('a', {href: '#/admin', onclick: jump('privacy-title')}, 'Privacy requests')),
      h('section', {class: 'panel', 'aria-labelledby': 'usage-reset-title'},
          h('h2', {id: 'usage-reset-title', tabindex: '-1'}, 'Usage reset'),
          h('p', {class: 'muted'}, 'Counted usage starts again for the chosen customers and meters; no event is deleted. '
              + 'A dry run shows what would happen; nothing changes until you confirm.'),
          resetForm(() => {
            resetHistory.reload();
            auditView.reload();
          }),
          h('h3', {}, 'Past resets'),
          history),
      h('section', {class: 'panel', 'aria-labelledby': 'audit-title'},
          h('h2', {id: 'audit-title', tabindex: '-1'}, 'Audit log'),
          auditView.form,
          audit),
      h('section', {class: 'panel', 'aria-labelledby': 'privacy-title'},
          h('h2', {id: 'privacy-title', tabindex: '-1'}, 'Privacy requests'),
          privacyView.form,
          h('h3', {}, 'Requests'),
          privacyView.filters,
          privacy));
  await Promise.all([resetHistory.reload(), auditView.reload(), privacyView.reload()]);
}

/** A link's click that moves focus to a section heading instead of changing the route. */
function jump(id) {
  return event => {
    event.preventDefault();
    const heading = document.getElementById(id);
    heading.scrollIntoView();
    heading.focus({preventScroll: true});
  };
}

/**
 * A list with cursor paging into holder: load(cursor, limit) answers {items, next_cursor}, render(items) gives the
 * table. reload() starts again from the first page.
 */
function pagedList(holder, limit, load, render, emptyText) {
  let cursors = [null];
  const show = () => section(holder, () => load(cursors[cursors.length - 1], limit), page => {
    if (page.items.length === 0 && cursors.length === 1) return empty(typeof emptyText === 'function' ? emptyText() : emptyText);
    const pageNumber = cursors.length;
    return [
      render(page.items),
      h('div', {class: 'pager'},
          h('button', {type: 'button', class: 'secondary', disabled: pageNumber === 1, onclick: () => {
            cursors.pop();
            show();
          }}, 'Previous page'),
          h('span', {}, `Page ${pageNumber}`),
          h('button', {type: 'button', class: 'secondary', disabled: !page.next_cursor, onclick: () => {
            cursors.push(page.next_cursor);
            show();
          }}, 'Next page')),
    ];
  });
  return {reload: () => {
    cursors = [null];
    return show();
  }};
}

/** A table in a box that scrolls sideways on a narrow screen, and can be focused to scroll it with the keyboard. */
function table(id, caption, columns, rows) {
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption}, h('table', {id},
      h('caption', {class: 'sr-only'}, caption),
      h('thead', {}, h('tr', {}, columns.map(name => h('th', {scope: 'col'}, name)))),
      h('tbody', {}, rows)));
}

// Usage reset

function resetForm(onReset) {
  const onPlan = h('input', {type: 'radio', name: 'reset-selection', id: 'reset-by-plan', value: 'plan', checked: true});
  const byIds = h('input', {type: 'radio', name: 'reset-selection', id: 'reset-by-ids', value: 'ids'});
  const plan = h('select', {id: 'reset-plan', name: 'plan'});
  const ids = h('textarea', {id: 'reset-ids', name: 'customer_ids', rows: 3, spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'reset-ids-help', disabled: true});
  const meters = h('div', {class: 'checks', id: 'reset-meters'}, loading('Loading the plans…'));
  const type = h('select', {id: 'reset-type', name: 'reset_type', 'aria-describedby': 'reset-type-help'},
      h('option', {value: 'usage'}, 'Usage'),
      h('option', {value: 'period'}, 'Period'));
  const reason = h('input', {type: 'text', id: 'reset-reason', name: 'reason', required: true, maxlength: 500, autocomplete: 'off'});
  const outcome = h('div', {id: 'reset-outcome', 'aria-live': 'polite'});
  const dryRun = h('button', {type: 'submit', class: 'primary', id: 'reset-dry-run'}, 'Dry run');
  const choose = () => {
    plan.disabled = !onPlan.checked;
    ids.disabled = onPlan.checked;
  };
  onPlan.addEventListener('change', choose);
  byIds.addEventListener('change', choose);

  let prepared = null; // the body and key the dry run showed; the confirmation sends exactly these
  const body = () => {
    const chosen = [...meters.querySelectorAll('input[type=checkbox]:checked')].map(box => box.value);
    const request = {reset_type: type.value, reason: reason.value.trim(), dry_run: true};
    if (onPlan.checked) request.plan = plan.value;
    else request.customer_ids = [...new Set(ids.value.split(/[\s,;]+/).filter(Boolean))];
    if (chosen.length > 0) request.meters = chosen;
    return request;
  };

  const form = h('form', {class: 'stack', id: 'reset-form', onsubmit: async event => {
    event.preventDefault();
    const request = body();
    if (!request.reason) {
      toast('Give a reason for the reset.', 'error');
      reason.focus();
      return;
    }
    if (request.customer_ids && request.customer_ids.length === 0) {
      toast('List at least one customer id.', 'error');
      ids.focus();
      return;
    }
    if (request.plan === '') {
      toast('Choose a plan.', 'error');
      plan.focus();
      return;
    }
    prepared = {request, key: crypto.randomUUID()};
    dryRun.disabled = true;
    fill(outcome, loading('Running the dry run…'));
    try {
      const answer = await api.post('/api/v1/admin/usage-resets', request, {'Idempotency-Key': prepared.key});
      fill(outcome, dryRunView(answer, request, confirm, cancel));
      outcome.querySelector('h3')?.focus();
    } catch (error) {
      prepared = null;
      fill(outcome, failure(error));
    } finally {
      dryRun.disabled = false;
    }
  }, oninput: () => {
    // a changed form is no longer what the dry run showed
    if (prepared) {
      prepared = null;
      fill(outcome);
    }
  }},
  h('fieldset', {},
      h('legend', {}, 'Customers'),
      h('div', {class: 'choice'}, onPlan, h('label', {for: 'reset-by-plan'}, 'Every customer on a plan')),
      h('div', {class: 'field indent'}, h('label', {for: 'reset-plan'}, 'Plan'), plan),
      h('div', {class: 'choice'}, byIds, h('label', {for: 'reset-by-ids'}, 'These customers')),
      h('div', {class: 'field indent'}, h('label', {for: 'reset-ids'}, 'Customer ids'), ids,
          h('p', {class: 'help', id: 'reset-ids-help'}, 'External ids separated by commas, spaces or lines; up to 10,000.'))),
  h('fieldset', {},
      h('legend', {}, 'Meters'),
      h('p', {class: 'help', id: 'reset-meters-help'}, 'None ticked: every meter a plan limits.'),
      meters),
  h('div', {class: 'field'}, h('label', {for: 'reset-type'}, 'Reset type'), type,
      h('p', {class: 'help', id: 'reset-type-help'}, 'Usage: counted usage starts again now, and the period keeps its window. '
          + 'Period: a new period starts now, and later periods are anchored on it.')),
  h('div', {class: 'field'}, h('label', {for: 'reset-reason'}, 'Reason'), reason),
  h('div', {class: 'actions'}, dryRun),
  outcome);

  const confirm = async button => {
    if (!prepared) return;
    const request = {...prepared.request, dry_run: false};
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = 'Resetting…';
    try {
      // the dry run's key: a retry after a lost answer replays the first reset instead of resetting again
      const answer = await api.post('/api/v1/admin/usage-resets', request, {'Idempotency-Key': prepared.key});
      prepared = null;
      fill(outcome, resultView(answer));
      outcome.querySelector('h3')?.focus();
      toast(`Reset done: ${number(answer.counts.reset, 0)} customers reset.`);
      onReset();
    } catch (error) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = 'Confirm reset';
      if (error.status !== 401) toast(`The reset failed: ${error.message}`, 'error');
    }
  };
  const cancel = () => {
    prepared = null;
    fill(outcome);
    dryRun.focus();
  };

  api.get('/api/v1/plans').then(plans => {
    fill(plan, plans.length === 0 ? h('option', {value: ''}, 'No plans defined') : plans.map(p => h('option', {value: p.key}, `${p.name} (${p.key})`)));
    const limited = [...new Set(plans.flatMap(p => p.limits.map(limit => limit.meter)))].sort();
    fill(meters, limited.length === 0 ? empty('No plan limits a meter, so there is nothing to reset.')
        : limited.map(meter => h('label', {class: 'check'}, h('input', {type: 'checkbox', name: 'meters', value: meter,
          'aria-describedby': 'reset-meters-help'}), ' ', h('code', {}, meter))));
  }, error => {
    fill(plan, h('option', {value: ''}, 'Plans not available'));
    fill(meters, failure(error));
  });
  return form;
}

function counts(result, id) {
  const c = result.counts;
  return h('dl', {class: 'counts', id},
      h('div', {dataset: {count: 'reset'}}, h('dt', {}, 'Reset'), h('dd', {}, number(c.reset, 0))),
      h('div', {dataset: {count: 'not_found'}}, h('dt', {}, 'Not found'), h('dd', {}, number(c.not_found, 0))),
      h('div', {dataset: {count: 'skipped'}}, h('dt', {}, 'Skipped'), h('dd', {}, number(c.skipped, 0))));
}

function outcomes(result) {
  if (result.customers.length === 0) return empty('No customer matched.');
  return h('details', {},
      h('summary', {}, `Outcome per customer (${number(result.customers.length, 0)})`),
      table('reset-customers', 'Outcome per customer', ['Customer', 'Outcome', 'Reason'], result.customers.map(item => h('tr', {},
          h('th', {scope: 'row'}, h('code', {}, item.customer)),
          h('td', {}, h('span', {class: `badge ${item.status}`}, label(item.status))),
          h('td', {}, item.reason || '–')))));
}

function dryRunView(result, request, confirm, cancel) {
  const scope = request.plan ? `every customer on the plan ${request.plan}` : `${number(request.customer_ids.length, 0)} customer ids`;
  const button = h('button', {type: 'button', class: 'danger', id: 'confirm-reset', disabled: result.counts.reset === 0,
    onclick: () => confirm(button)}, 'Confirm reset');
  return h('div', {class: 'outcome preview', id: 'reset-preview'},
      h('h3', {tabindex: '-1'}, 'Dry run: nothing was changed'),
      h('p', {}, `A ${request.reset_type} reset of ${scope}, meters: ${request.meters ? request.meters.join(', ') : 'every limited meter'}.`),
      counts(result, 'dry-run-counts'),
      outcomes(result),
      h('div', {class: 'actions'}, button, h('button', {type: 'button', class: 'secondary', onclick: cancel}, 'Cancel'),
          result.counts.reset === 0 ? h('span', {class: 'muted'}, 'No customer would be reset.') : null));
}

function resultView(result) {
  return h('div', {class: 'outcome done', id: 'reset-result'},
      h('h3', {tabindex: '-1'}, result.replayed ? 'Reset (answered again: it had been done already)' : 'Reset done'),
      result.reset ? h('p', {class: 'muted'}, `${result.reset.scope} · ${result.reset.meters.join(', ')} · by ${result.reset.actor} · ${date(result.reset.created_at)}`) : null,
      counts(result, 'reset-counts'),
      outcomes(result));
}

function resetTable(items) {
  return table('resets', 'Past usage resets, newest first',
      ['When and by whom', 'Type', 'Customers', 'Meters', 'Reason', 'Reset', 'Not found', 'Skipped', 'Reverted'],
      items.map(reset => h('tr', {},
          h('th', {scope: 'row'}, date(reset.created_at), h('br'), h('span', {class: 'muted small'}, reset.actor)),
          h('td', {}, reset.reset_type),
          h('td', {}, reset.scope),
          h('td', {}, reset.meters.join(', ')),
          h('td', {class: 'wrap'}, reset.reason),
          h('td', {class: 'num'}, number(reset.counts.reset, 0)),
          h('td', {class: 'num'}, number(reset.counts.not_found, 0)),
          h('td', {class: 'num'}, number(reset.counts.skipped, 0)),
          h('td', {}, reset.reverted_at ? `${date(reset.reverted_at)} by ${reset.reverted_by}` : '–'))));
}

// Audit log

function auditLog(holder) {
  const action = h('input', {type: 'text', id: 'audit-action', name: 'action', autocomplete: 'off', placeholder: 'usage.reset'});
  const actor = h('input', {type: 'text', id: 'audit-actor', name: 'actor', autocomplete: 'off'});
  const from = h('input', {type: 'datetime-local', id: 'audit-from', name: 'from', 'aria-describedby': 'audit-time-help'});
  const to = h('input', {type: 'datetime-local', id: 'audit-to', name: 'to', 'aria-describedby': 'audit-time-help'});
  let filters = {};
  const instant = input => (input.value ? new Date(input.value).toISOString() : undefined);
  const list = pagedList(holder, AUDIT_PAGE, (cursor, limit) => api.get('/api/v1/admin/audit' + api.query({...filters, limit, cursor})),
      auditTable, () => (Object.keys(filters).length ? 'No audit entries match these filters.' : 'No audit entries yet.'));
  const form = h('form', {class: 'filters', id: 'audit-filters', onsubmit: event => {
    event.preventDefault();
    if (from.value && to.value && from.value >= to.value) {
      toast('Choose a “from” time before the “to” time.', 'error');
      return;
    }
    filters = Object.fromEntries(Object.entries({action: action.value.trim(), actor: actor.value.trim(), from: instant(from), to: instant(to)})
        .filter(([, value]) => value));
    list.reload();
  }},
  h('div', {class: 'field'}, h('label', {for: 'audit-action'}, 'Action'), action),
  h('div', {class: 'field'}, h('label', {for: 'audit-actor'}, 'Actor'), actor),
  h('div', {class: 'field'}, h('label', {for: 'audit-from'}, 'From'), from),
  h('div', {class: 'field'}, h('label', {for: 'audit-to'}, 'To (excluded)'), to),
  h('button', {type: 'submit', class: 'secondary', id: 'audit-apply'}, 'Apply'),
  h('p', {class: 'help', id: 'audit-time-help'}, 'Times are in your browser’s timezone.'));
  return {form, reload: list.reload};
}

function auditTable(items) {
  return table('audit', 'Audit entries, newest first', ['When', 'Actor', 'Action', 'Target', 'Details', 'Request id'],
      items.map(entry => h('tr', {},
          h('th', {scope: 'row'}, date(entry.occurred_at)),
          h('td', {}, entry.actor),
          h('td', {}, h('code', {}, entry.action)),
          h('td', {class: 'wrap'}, entry.target ? h('code', {}, entry.target) : '–'),
          h('td', {class: 'details'}, detailsList(entry.details)),
          h('td', {}, h('code', {class: 'small'}, entry.request_id || '–')))));
}

function detailsList(details) {
  const entries = Object.entries(details || {});
  if (entries.length === 0) return '–';
  return h('dl', {class: 'inline'}, entries.map(([key, value]) => [
    h('dt', {}, key),
    h('dd', {}, value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value)),
  ]));
}

// Privacy requests

function privacyRequests(holder) {
  let filters = {};
  const list = pagedList(holder, PRIVACY_PAGE, (cursor, limit) => api.get('/api/v1/privacy/requests' + api.query({...filters, limit, cursor})),
      privacyTable, () => (Object.keys(filters).length ? 'No privacy requests match these filters.' : 'No privacy requests yet.'));

  const status = h('select', {id: 'privacy-status', name: 'status'}, h('option', {value: ''}, 'Any'),
      REQUEST_STATUSES.map(value => h('option', {value}, label(value))));
  const typeFilter = h('select', {id: 'privacy-type-filter', name: 'type'}, h('option', {value: ''}, 'Any'),
      REQUEST_TYPES.map(value => h('option', {value}, label(value))));
  const customerFilter = h('input', {type: 'text', id: 'privacy-customer-filter', name: 'customer', autocomplete: 'off'});
  const overdue = h('input', {type: 'checkbox', id: 'privacy-overdue', name: 'overdue'});
  const filterForm = h('form', {class: 'filters', id: 'privacy-filters', onsubmit: event => {
    event.preventDefault();
    filters = Object.fromEntries(Object.entries({status: status.value, type: typeFilter.value, customer: customerFilter.value.trim(),
      overdue: overdue.checked ? 'true' : ''}).filter(([, value]) => value));
    list.reload();
  }},
  h('div', {class: 'field'}, h('label', {for: 'privacy-status'}, 'Status'), status),
  h('div', {class: 'field'}, h('label', {for: 'privacy-type-filter'}, 'Type'), typeFilter),
  h('div', {class: 'field'}, h('label', {for: 'privacy-customer-filter'}, 'Customer'), customerFilter),
  h('div', {class: 'choice'}, overdue, h('label', {for: 'privacy-overdue'}, 'Overdue only')),
  h('button', {type: 'submit', class: 'secondary'}, 'Apply'));

  const customer = h('input', {type: 'text', id: 'privacy-customer', name: 'customer', required: true, maxlength: 200, autocomplete: 'off'});
  const type = h('select', {id: 'privacy-type', name: 'type', 'aria-describedby': 'privacy-type-help'},
      REQUEST_TYPES.map(value => h('option', {value}, label(value))));
  const note = h('input', {type: 'text', id: 'privacy-note', name: 'note', maxlength: 1000, autocomplete: 'off'});
  const displayName = h('input', {type: 'text', id: 'privacy-display-name', autocomplete: 'off'});
  const country = h('input', {type: 'text', id: 'privacy-country', maxlength: 2, autocomplete: 'off', 'aria-describedby': 'privacy-country-help'});
  const timezone = h('input', {type: 'text', id: 'privacy-timezone', autocomplete: 'off', 'aria-describedby': 'privacy-timezone-help'});
  const changes = h('fieldset', {id: 'privacy-changes', hidden: true},
      h('legend', {}, 'Corrections (only the fields you fill in are changed)'),
      h('div', {class: 'field'}, h('label', {for: 'privacy-display-name'}, 'Display name'), displayName),
      h('div', {class: 'field'}, h('label', {for: 'privacy-country'}, 'Country'), country,
          h('span', {class: 'help', id: 'privacy-country-help'}, 'ISO code, such as DE')),
      h('div', {class: 'field'}, h('label', {for: 'privacy-timezone'}, 'Timezone'), timezone,
          h('span', {class: 'help', id: 'privacy-timezone-help'}, 'IANA name, such as Europe/Berlin')));
  const typeHelp = h('p', {class: 'help', id: 'privacy-type-help'});
  const describe = () => {
    changes.hidden = type.value !== 'rectification';
    fill(typeHelp, {
      access: 'A zip of everything kept about the customer, to download for 7 days.',
      erasure: 'Deletes the customer’s events and masks its identity everywhere; billing facts are kept. It cannot be undone.',
      rectification: 'Corrects the profile fields you fill in below.',
      restriction: 'The customer’s events are kept but count in no figure, and exports about them are refused.',
      objection: 'As a restriction: the customer objects to the processing.',
      lift_restriction: 'Ends a restriction or objection: the events count again.',
    }[type.value]);
  };
  type.addEventListener('change', () => {
    describe();
    fill(confirmBox);
  });
  const submit = h('button', {type: 'submit', class: 'primary', id: 'privacy-submit'}, 'Record request');
  const confirmBox = h('div', {id: 'privacy-confirm', 'aria-live': 'polite'});

  const send = async () => {
    const request = {customer: customer.value.trim(), type: type.value};
    if (note.value.trim()) request.note = note.value.trim();
    if (type.value === 'rectification') {
      const corrected = Object.fromEntries(Object.entries({display_name: displayName.value.trim(), country: country.value.trim(),
        timezone: timezone.value.trim()}).filter(([, value]) => value));
      if (Object.keys(corrected).length === 0) {
        toast('Fill in at least one field to correct.', 'error');
        displayName.focus();
        return;
      }
      request.changes = corrected;
    }
    submit.disabled = true;
    try {
      const created = await api.post('/api/v1/privacy/requests', request);
      fill(confirmBox);
      form.reset();
      describe();
      toast(`Recorded the ${label(created.type).toLowerCase()} request for ${created.customer}; due ${date(created.due_at)}.`);
      list.reload();
    } catch (error) {
      if (error.status !== 401) fill(confirmBox, failure(error));
    } finally {
      submit.disabled = false;
    }
  };

  const form = h('form', {class: 'stack', id: 'privacy-form', onsubmit: event => {
    event.preventDefault();
    if (!customer.value.trim()) {
      toast('Give the customer’s id.', 'error');
      customer.focus();
      return;
    }
    if (type.value !== 'erasure') {
      send();
      return;
    }
    const id = customer.value.trim();
    const yes = h('button', {type: 'button', class: 'danger', id: 'privacy-confirm-erasure', onclick: () => send()}, `Erase ${id}`);
    fill(confirmBox, h('div', {class: 'outcome warning', role: 'alertdialog', 'aria-labelledby': 'erasure-title', 'aria-describedby': 'erasure-text'},
        h('h4', {id: 'erasure-title'}, 'Erase this customer?'),
        h('p', {id: 'erasure-text'}, `Every event of ${id} is deleted and its identity masked everywhere. This cannot be undone.`),
        h('div', {class: 'actions'}, yes, h('button', {type: 'button', class: 'secondary', onclick: () => {
          fill(confirmBox);
          submit.focus();
        }}, 'Cancel'))));
    yes.focus();
  }, oninput: event => {
    if (event.target === customer) fill(confirmBox);
  }},
  h('h3', {}, 'New request'),
  h('div', {class: 'field'}, h('label', {for: 'privacy-customer'}, 'Customer id'), customer),
  h('div', {class: 'field'}, h('label', {for: 'privacy-type'}, 'Type'), type),
  typeHelp,
  changes,
  h('div', {class: 'field'}, h('label', {for: 'privacy-note'}, 'Note (optional)'), note),
  h('div', {class: 'actions'}, submit),
  confirmBox);
  describe();
  return {form, filters: filterForm, reload: list.reload};
}

function privacyTable(items) {
  return table('privacy-requests', 'Privacy requests, newest first', ['Received', 'Customer', 'Type', 'Status', 'Due', 'Finished', 'Note or reason'],
      items.map(request => h('tr', {},
          h('th', {scope: 'row'}, date(request.received_at)),
          h('td', {}, h('code', {}, request.customer)),
          h('td', {}, label(request.type)),
          h('td', {}, h('span', {class: `badge ${request.status}`}, label(request.status))),
          h('td', {}, date(request.due_at), request.overdue ? [' ', h('span', {class: 'badge overdue'}, 'Overdue')] : null),
          h('td', {}, date(request.finished_at)),
          h('td', {class: 'wrap'}, request.reason || request.note || '–'))));
}

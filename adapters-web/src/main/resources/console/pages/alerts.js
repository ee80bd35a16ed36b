// Alerts: the tenant's alert rules with their current state per subject (ok, pending, firing, no data), each rule's
// history of transitions and test-fires, a test-fire through the rule's channels (managers), a form for a new rule
// (managers), and the recent notifications across rules (alert events, quota alerts included). Managers can Edit a
// rule in the same form, which saves the whole definition back (what the form does not show, such as several channels,
// a saved query as the source, the no-data policy or a mute, is sent back as it was, and the form says so), and Delete
// one after a confirmation in place.
// Calls: GET /api/v1/alerts, GET /api/v1/metrics, POST /api/v1/alerts, GET /api/v1/alerts/{id}, PUT /api/v1/alerts/{id},
// DELETE /api/v1/alerts/{id}, GET /api/v1/alerts/{id}/history, POST /api/v1/alerts/{id}/test, GET /api/v1/alert-events.
import * as api from '../api.js';
import {deleteButton, editButton, editMode, editorSlot, offerSaved} from '../editing.js';
import {channel, channelTarget, channelText, errorLine, field, keptChannelsNote, onSubmit, select} from '../forms.js';
import {date, empty, failure, fill, h, label, number, section, toast} from '../ui.js';

const WINDOWS = ['last_hour', 'last_24_hours', 'today', 'last_7_days', 'last_30_days', 'this_month', 'current_limit_period'];
const OPS = [['above', 'Above (strictly)'], ['below', 'Below (strictly)'], ['change_pct_above', 'Change in % above'],
  ['change_pct_below', 'Change in % below'], ['limit_pct_above', 'Share of the plan limit in % above']];
const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const CHANNELS = [['storage', 'Storage (the notifications list only)'], ['email', 'E-mail'], ['webhook', 'Webhook'], ['none', 'None (history only)']];
/** The metric select's value for a rule that watches a saved query (no metric's key has a colon). */
const SAVED_QUERY = ':saved-query';
const OP_WORDS = {above: 'above', below: 'below', change_pct_above: 'change above', change_pct_below: 'change below', limit_pct_above: 'limit share above'};

export async function render(main) {
  document.title = 'Alerts · Tally console';
  const rules = h('section', {id: 'rules', 'aria-labelledby': 'rules-title'});
  const events = h('section', {class: 'panel', id: 'alert-events', 'aria-labelledby': 'events-title'});
  const loadEvents = () => section(events, () => api.get('/api/v1/alert-events?limit=20'), eventsView);
  let editor = null;
  const loadRules = () => section(rules, () => api.get('/api/v1/alerts?limit=200'), page => rulesView(page, loadEvents, loadRules, editor));
  editor = api.hasRole('manager')
      ? editorSlot('Loading the metrics…', async () => ruleForm((await api.get('/api/v1/metrics?limit=200')).items, loadRules))
      : null;
  fill(main, h('h1', {}, 'Alerts'),
      h('p', {class: 'muted'}, 'Rules watch a metric over a window and tell their channels when they start firing and when they are resolved.'),
      editor?.element, rules, events);
  await Promise.all([loadRules(), loadEvents()]);
}

function conditionText(condition) {
  const unit = condition.op.startsWith('change_pct') || condition.op === 'limit_pct_above' ? ' %' : '';
  return `${OP_WORDS[condition.op] || condition.op} ${number(condition.threshold)}${unit}`
      + (condition.clear_threshold !== null && condition.clear_threshold !== undefined ? `, clears at ${number(condition.clear_threshold)}${unit}` : '')
      + (condition.for_evaluations > 1 ? `, ${condition.for_evaluations} breaches in a row` : '');
}

function scopeText(scope) {
  if (scope === 'tenant') return 'the whole tenant';
  if (scope === 'each_customer') return 'each customer';
  return scope?.customer ? `customer ${scope.customer}` : String(scope);
}

/** The rule form (managers), once the metrics are read: a new rule, or a rule's edit ({element, edit, forget}). */
function ruleForm(metrics, loadRules) {
  const name = h('input', {id: 'rule-name', required: true, maxlength: 200, autocomplete: 'off'});
  const problem = errorLine('rule-error');
  // editing is the rule as GET answered it, while the form edits it
  const mode = editMode({titleId: 'rule-form-title', newTitle: 'New alert rule', cancelId: 'rule-cancel', first: name, problem, reset: newRule});
  const metric = select('rule-metric', metrics.map(m => [m.key, `${m.name} (${m.key})`]));
  const scope = select('rule-scope', [['tenant', 'The whole tenant'], ['each_customer', 'Each customer'], ['customer', 'One customer']], 'tenant');
  const customer = h('input', {id: 'rule-customer', autocomplete: 'off'});
  const customerField = field('Customer', customer, 'The customer\'s id.');
  const span = select('rule-window', WINDOWS.map(w => [w, label(w)]), 'last_24_hours');
  const op = select('rule-op', OPS, 'above');
  const threshold = h('input', {id: 'rule-threshold', type: 'number', step: 'any', required: true, inputmode: 'decimal'});
  const clear = h('input', {id: 'rule-clear', type: 'number', step: 'any', inputmode: 'decimal'});
  const times = h('input', {id: 'rule-for', type: 'number', min: 1, max: 100, value: 1, inputmode: 'numeric'});
  const severity = select('rule-severity', SEVERITIES, 'medium');
  const every = h('input', {id: 'rule-every', value: '5m', required: true, autocomplete: 'off'});
  const currency = h('input', {id: 'rule-currency', maxlength: 3, autocomplete: 'off'});
  const currencyField = field('Currency', currency, 'For a money metric: money is compared per currency (EUR).');
  const kind = select('rule-channel', CHANNELS, 'storage');
  const kindField = field('Channel', kind);
  const target = h('input', {id: 'rule-target', autocomplete: 'off'});
  const targetField = field('Send to', target, 'E-mail: addresses, comma-separated. Webhook: an https URL.');
  const kept = h('div', {class: 'span-all kept', id: 'rule-kept', hidden: true});
  const layout = () => {
    const editing = mode.editing;
    const several = editing && editing.channels.length > 1;
    customerField.hidden = scope.value !== 'customer';
    customer.required = scope.value === 'customer';
    kindField.hidden = several;
    targetField.hidden = several || kind.value === 'storage' || kind.value === 'none';
    target.required = !targetField.hidden;
    currencyField.hidden = metrics.find(m => m.key === metric.value)?.unit !== 'money';
    const notes = [keptChannelsNote(editing?.channels)].filter(Boolean);
    if (editing?.saved_query && metric.value === SAVED_QUERY) {
      notes.push(h('p', {}, `Watches the saved query ${editing.saved_query.id}`
          + (Object.keys(editing.saved_query.params || {}).length ? ` with ${Object.entries(editing.saved_query.params).map(([k, v]) => `${k}: ${v}`).join(', ')}` : '')
          + ': kept as it is unless a metric is chosen.'));
    }
    if (editing && editing.condition.no_data && editing.condition.no_data !== 'no_data') {
      notes.push(h('p', {}, `With no data the rule counts as ${editing.condition.no_data === 'ok' ? 'ok' : 'breaching'}: kept as saved.`));
    }
    if (editing?.muted_until) notes.push(h('p', {}, `Muted until ${date(editing.muted_until)}: kept as saved.`));
    if (editing && !editing.enabled) notes.push(h('p', {}, 'The rule is disabled and stays disabled.'));
    fill(kept, notes);
    kept.hidden = notes.length === 0;
  };
  [scope, kind, metric].forEach(control => control.addEventListener('change', layout));
  const button = h('button', {type: 'submit', class: 'primary', id: 'rule-save'}, 'Save rule');
  const form = h('form', {class: 'panel form-grid', id: 'rule-form', 'aria-labelledby': 'rule-form-title'},
      mode.title,
      field('Name', name), field('Metric', metric), currencyField, field('Scope', scope), customerField, field('Window', span),
      field('Condition', op, 'Equality never fires.'), field('Threshold', threshold),
      field('Clear threshold (optional)', clear, 'On the safe side of the threshold: a firing rule resolves only past it.'),
      field('Breaches in a row', times), field('Severity', severity), field('Evaluate every', every, '10s to 1d, such as 5m or 1h.'),
      kindField, targetField, kept,
      h('div', {class: 'span-all actions'}, button, mode.cancel), h('div', {class: 'span-all'}, problem));

  /** The fields of a new rule. */
  function newRule() {
    name.value = '';
    metric.selectedIndex = 0;
    scope.value = 'tenant';
    customer.value = '';
    span.value = 'last_24_hours';
    op.value = 'above';
    threshold.value = '';
    clear.value = '';
    times.value = 1;
    severity.value = 'medium';
    every.value = '5m';
    currency.value = '';
    kind.value = 'storage';
    target.value = '';
    layout();
  }

  /** The rule's fields, from the rule as GET answered it. */
  const edit = (rule, from) => mode.edit(rule, from, `Edit rule “${rule.name}”`, () => {
    name.value = rule.name;
    if (rule.metric) offerSaved(metric, rule.metric, `${rule.metric} (as saved)`);
    else offerSaved(metric, SAVED_QUERY, `Saved query ${rule.saved_query?.id} (as saved)`);
    currency.value = rule.currency ?? '';
    if (rule.scope?.customer !== undefined) {
      scope.value = 'customer';
      customer.value = rule.scope.customer;
    } else {
      offerSaved(scope, rule.scope, label(rule.scope));
    }
    offerSaved(span, rule.window, label(rule.window));
    offerSaved(op, rule.condition.op, rule.condition.op);
    threshold.value = rule.condition.threshold;
    clear.value = rule.condition.clear_threshold ?? '';
    times.value = rule.condition.for_evaluations ?? 1;
    offerSaved(severity, rule.severity, rule.severity);
    every.value = rule.evaluate_every;
    if (rule.channels.length === 0) {
      kind.value = 'none';
    } else if (rule.channels.length === 1) {
      kind.value = rule.channels[0].type;
      target.value = channelTarget(rule.channels[0]);
    }
    layout();
  });

  onSubmit(form, button, problem, async () => {
    const editing = mode.editing;
    // a change starts from the rule as GET gave it (its no-data policy, mute, enabled…; the service ignores id, version,
    // states and the like), then puts the form's fields over it
    const body = editing ? {...editing} : {};
    const condition = {...(editing?.condition ?? {}), op: op.value, threshold: threshold.value.trim(), for_evaluations: Number(times.value || 1)};
    if (clear.value !== '') condition.clear_threshold = clear.value.trim();
    else delete condition.clear_threshold;
    const chosen = channel(kind.value, target.value);
    Object.assign(body, {name: name.value.trim(),
      scope: scope.value === 'customer' ? {customer: customer.value.trim()} : scope.value,
      window: span.value, condition, severity: severity.value, evaluate_every: every.value.trim(),
      channels: editing && editing.channels.length > 1 ? editing.channels : chosen ? [chosen] : []});
    if (metric.value !== SAVED_QUERY) {
      body.metric = metric.value;
      delete body.saved_query;
    }
    if (!currencyField.hidden && currency.value.trim()) body.currency = currency.value.trim().toUpperCase();
    else if (!currencyField.hidden || body.metric !== editing?.metric) delete body.currency;
    const result = editing
        ? await api.put(`/api/v1/alerts/${encodeURIComponent(editing.id)}`, body)
        : await api.post('/api/v1/alerts', body);
    toast(editing ? `Saved the changes to “${result.name}” (version ${number(result.version, 0)}).` : `Saved the rule “${result.name}”.`);
    if (editing) mode.startNew();
    else name.value = '';
    await loadRules();
  });

  layout();
  return {element: form, edit, forget: mode.forget};
}

function rulesView(page, loadEvents, loadRules, editor) {
  const heading = h('h2', {id: 'rules-title'}, `Rules (${number(page.items.length, 0)})`);
  if (page.items.length === 0) return [heading, empty('No alert rules yet.' + (api.hasRole('manager') ? ' Add one with the form above.' : ''))];
  return [heading, h('div', {class: 'rule-list'}, page.items.map(rule => ruleCard(rule, loadEvents, loadRules, editor))),
    page.next_cursor ? h('p', {class: 'muted'}, 'Only the first 200 rules are listed.') : null];
}

/** The rule's overall state: firing if any subject fires, else pending, else no data, else ok. */
function overall(summary) {
  for (const state of ['firing', 'pending', 'no_data', 'ok']) {
    if (summary?.[state] > 0) return state;
  }
  return 'not_evaluated';
}

function ruleCard(rule, loadEvents, loadRules, editor) {
  const base = `/api/v1/alerts/${encodeURIComponent(rule.id)}`;
  const titleId = `rule-${rule.id}-title`;
  const state = overall(rule.summary);
  const history = h('div', {class: 'history'});
  const historyBox = h('details', {class: 'rule-history'}, h('summary', {}, 'History'), history);
  const showHistory = () => section(history, () => api.get(`${base}/history?limit=20`), page => eventsTable(page.items, false));
  historyBox.addEventListener('toggle', () => {
    if (historyBox.open) showHistory();
  });
  const result = h('div', {class: 'test-result', role: 'status'});
  const test = api.hasRole('manager') ? h('button', {type: 'button', class: 'secondary', dataset: {action: 'test'}, 'aria-describedby': titleId,
    onclick: async event => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        const fired = await api.post(`${base}/test`);
        fill(result, h('strong', {}, 'Test sent'), ` about ${fired.subject}: state ${label(fired.state)}, value ${fired.value === null ? 'none (no data)' : number(fired.value)}`
            + `, threshold ${number(fired.threshold)}, ${fired.notified ? 'sent through the channels' : 'not sent'} (${date(fired.at)}).`);
        toast(`Test-fired “${rule.name}”.`);
        if (historyBox.open) showHistory();
        await loadEvents();
      } catch (error) {
        if (error.status === 401) return;
        fill(result, failure(error));
        toast(error.message, 'error');
      } finally {
        button.disabled = false;
      }
    }}, 'Test-fire') : null;
  const edit = api.hasRole('manager') ? editButton({describedBy: titleId, read: () => api.get(base),
    open: async (current, button) => (await editor.ready)?.edit(current, button)}) : null;
  const remove = api.hasRole('manager') ? deleteButton({id: `rule-${rule.id}`, describedBy: titleId,
    question: `Delete “${rule.name}” and its states? Its notifications stay in the recent alert events.`,
    remove: async () => {
      await api.del(base);
      toast(`Deleted the rule “${rule.name}”.`);
      (await editor.ready)?.forget(rule.id);
      await loadRules();
    }}) : null;
  return h('article', {class: 'card rule', dataset: {rule: rule.id, state}, 'aria-labelledby': titleId},
      h('div', {class: 'title-row'}, h('h3', {id: titleId}, rule.name),
          h('span', {class: `badge ${state}`}, label(state)),
          h('span', {class: `badge ${rule.severity}`}, rule.severity),
          rule.enabled ? null : h('span', {class: 'badge paused'}, 'disabled')),
      h('dl', {class: 'facts'},
          h('dt', {}, 'Watches'), h('dd', {}, rule.metric ? h('code', {}, rule.metric) : `saved query ${rule.saved_query?.id}`,
              ` for ${scopeText(rule.scope)}, ${label(rule.window).toLowerCase()}`),
          h('dt', {}, 'Condition'), h('dd', {}, conditionText(rule.condition)),
          h('dt', {}, 'Channels'), h('dd', {}, rule.channels.length ? rule.channels.map(channelText).join(' · ') : 'none (history only)'),
          h('dt', {}, 'Evaluated'), h('dd', {}, rule.last_evaluated_at ? `${date(rule.last_evaluated_at)}, every ${rule.evaluate_every}` : `not yet; every ${rule.evaluate_every}`),
          rule.muted_until ? [h('dt', {}, 'Muted until'), h('dd', {}, date(rule.muted_until))] : null),
      rule.last_error ? h('p', {class: 'state error'}, `The last evaluation failed: ${rule.last_error}`) : null,
      statesView(rule),
      test ? h('div', {class: 'actions'}, test, edit, remove) : null, result, historyBox);
}

function statesView(rule) {
  if (!rule.states?.length) return empty('No state yet: the rule has not been evaluated.');
  return h('div', {class: 'table-wrap'}, h('table', {class: 'states'},
      h('caption', {class: 'sr-only'}, `Current state of ${rule.name} per subject`),
      h('thead', {}, h('tr', {}, ['Subject', 'State', 'Value', 'Since', 'Breaches in a row'].map(name => h('th', {scope: 'col'}, name)))),
      h('tbody', {}, rule.states.map(one => h('tr', {},
          h('th', {scope: 'row'}, one.subject),
          h('td', {}, h('span', {class: `badge ${one.state}`}, label(one.state))),
          h('td', {class: 'num'}, one.value === null ? '–' : number(one.value)),
          h('td', {}, date(one.since)),
          h('td', {class: 'num'}, number(one.breaches_in_a_row, 0)))))));
}

/** Transitions, test-fires and quota alerts; withRule adds the rule's name (the list across rules). */
function eventsTable(items, withRule) {
  if (items.length === 0) return empty(withRule ? 'No alerts have been sent yet.' : 'No transitions or test-fires yet.');
  const headings = [...(withRule ? ['Rule'] : []), 'When', 'Kind', 'Subject', 'Change', 'Value', 'Threshold', 'Severity', 'Notified'];
  return h('div', {class: 'table-wrap'}, h('table', {class: 'events'},
      h('thead', {}, h('tr', {}, headings.map(name => h('th', {scope: 'col'}, name)))),
      h('tbody', {}, items.map(event => h('tr', {dataset: {event: event.id, kind: event.kind}},
          withRule ? h('th', {scope: 'row', class: 'wrap'}, event.rule_name) : null,
          h('td', {}, date(event.at)),
          h('td', {}, event.test ? 'test' : event.kind),
          h('td', {}, event.subject),
          h('td', {}, `${label(event.from)} → ${label(event.state)}`),
          h('td', {class: 'num'}, event.value === null ? '–' : number(event.value)),
          h('td', {class: 'num'}, number(event.threshold)),
          h('td', {}, h('span', {class: `badge ${event.severity}`}, event.severity)),
          h('td', {}, event.notified ? 'Yes' : 'No'))))));
}

function eventsView(page) {
  return [h('h2', {id: 'events-title'}, 'Recent alert events'), eventsTable(page.items, true)];
}

// Metrics: the tenant's metric catalogue (built-in and its own, with each formula in words), a form for a new metric
// (managers: a ratio, sum, difference or per-customer figure of metrics already there), the saved queries the caller
// sees, a form for a new one, and a query's run answered as a table, with a chart when it is a daily series.
// Managers edit and delete the tenant's own metrics (built-in ones cannot change); a saved query's owner, and a
// manager for a shared one, edit and delete it. Edit reads the item again and loads it into its form ("Edit …", with
// Cancel) and saves the whole definition; Delete asks first, in a row under the item (editing.js, as on the schedules
// and alerts pages).
// Calls: GET /api/v1/metrics, GET /api/v1/metrics/{key}, POST /api/v1/metrics, PUT /api/v1/metrics/{key},
// DELETE /api/v1/metrics/{key}, GET /api/v1/queries, GET /api/v1/queries/{id}, POST /api/v1/queries,
// PUT /api/v1/queries/{id}, DELETE /api/v1/queries/{id}, POST /api/v1/queries/{id}/run.
import * as api from '../api.js';
import {dayChart} from '../chart.js';
import {deleteButton, editButton} from '../editing.js';
import {errorLine, field, onSubmit, select, words} from '../forms.js';
import {date, empty, fill, h, label, money, number, percent, section, toast} from '../ui.js';

const UNITS = ['count', 'number', 'money', 'percent', 'seconds', 'megabytes'];
const POLARITIES = [['higher_is_better', 'Higher is better'], ['lower_is_better', 'Lower is better'], ['neutral', 'Neutral']];
const KINDS = [['ratio', 'Ratio of two metrics'], ['sum', 'Sum of metrics'], ['difference', 'Difference of metrics'],
  ['per_customer', 'Per customer']];
const PERIODS = [['days:7', 'Last 7 days (days=7)'], ['days:30', 'Last 30 days (days=30)'], ['days:90', 'Last 90 days (days=90)'],
  ['period:yesterday', 'Yesterday'], ['period:last_week', 'Last week (Monday to Sunday)'], ['period:this_month', 'This month'],
  ['period:last_month', 'Last month'], ['period:this_quarter', 'This quarter'], ['period:year_to_date', 'Year to date'],
  ['period:last_12_months', 'Last 12 months']];
const BUCKETS = [['day', 'Day'], ['week', 'Week'], ['month', 'Month'], ['hour', 'Hour']];
// the fields of an analytics query that say its period: the form's period replaces all of them
const PERIOD_FIELDS = ['days', 'period', 'month', 'from', 'to'];
// a select's choice that leaves what the item holds as it is, where the form cannot show it
const AS_SAVED = 'saved';

export async function render(main) {
  document.title = 'Metrics · Tally console';
  const catalogue = h('section', {class: 'panel', id: 'catalogue', 'aria-labelledby': 'catalogue-title'});
  const queries = h('section', {class: 'panel', id: 'saved-queries', 'aria-labelledby': 'queries-title'});
  const result = h('section', {class: 'panel', id: 'query-result', 'aria-live': 'polite', hidden: true, 'aria-labelledby': 'result-title'});
  const metricSlot = h('div', {});
  const querySlot = h('div', {});
  fill(main, h('h1', {}, 'Metrics'),
      h('p', {class: 'muted'}, 'Every figure Tally shows is a metric of this catalogue; saved queries ask for metrics over a period.'),
      queries, result, h('div', {class: 'work-forms'}, metricSlot, querySlot), catalogue);

  const manager = api.hasRole('manager');
  let metrics = [];
  let editedMetric = null;
  let editedQuery = null;

  // each form says "New …" until an Edit puts an item in it; Cancel and a save put "New …" back
  const showMetricForm = (editing = null, opener = null) => {
    if (!manager) return;
    editedMetric = editing;
    const form = metricForm(metrics, editing, {
      saved: async key => {
        editedMetric = null;
        await loadCatalogue();
        showForms();
        focusFirst(`#metrics-table tr[data-metric="${CSS.escape(key)}"] [data-action="edit"]`, '#catalogue-title');
      },
      cancel: () => {
        showMetricForm();
        focusBack(opener, '#metric-form-title');
      },
    });
    fill(metricSlot, form);
  };
  const showQueryForm = (editing = null, opener = null) => {
    editedQuery = editing;
    const form = queryForm(metrics, editing, {
      saved: async id => {
        showQueryForm();
        await loadQueries();
        focusFirst(`#queries tr[data-query="${CSS.escape(id)}"] [data-action="edit"]`, '#queries-title');
      },
      cancel: () => {
        showQueryForm();
        focusBack(opener, '#query-form-title');
      },
    });
    fill(querySlot, form);
  };
  // after a metric changes, both forms offer the catalogue as it is now (an edit under way starts again from the saved item)
  const showForms = () => {
    showMetricForm(metrics.find(metric => metric.key === editedMetric?.key) ?? null);
    showQueryForm(editedQuery);
  };

  const metricActions = manager ? {
    edit: (metric, opener) => {
      showMetricForm(metric, opener);
      opened(metricSlot, 'metric-name');
    },
    remove: async metric => {
      await api.del(`/api/v1/metrics/${encodeURIComponent(metric.key)}`);
      toast(`Metric ${metric.key} deleted.`);
      await loadCatalogue();
      showForms();
      focusFirst('#catalogue-title');
    },
  } : null;
  const queryActions = {
    edit: (saved, opener) => {
      showQueryForm(saved, opener);
      opened(querySlot, 'query-name');
    },
    remove: async saved => {
      await api.del(`/api/v1/queries/${encodeURIComponent(saved.id)}`);
      toast(`Deleted the query “${saved.name}”.`);
      if (editedQuery?.id === saved.id) showQueryForm();
      await loadQueries();
      focusFirst('#queries-title');
    },
  };
  const loadCatalogue = () => section(catalogue, allMetrics, items => {
    metrics = items;
    return catalogueView(items, metricActions);
  });
  const loadQueries = () => section(queries, () => api.get('/api/v1/queries?limit=200'), page => queriesView(page, result, loadQueries, queryActions));
  await loadCatalogue();
  showForms();
  await loadQueries();
}

/** Shows a form just opened for an edit: its top scrolled into view, the focus in its first field that can change. */
function opened(slot, focusId) {
  slot.scrollIntoView({block: 'start'});
  document.getElementById(focusId).focus({preventScroll: true});
}

/** Gives the focus back to the button that opened an edit, or else to a heading. */
function focusBack(opener, fallback) {
  if (opener?.isConnected) opener.focus();
  else focusFirst(fallback);
}

/** Focuses the first of these selectors that finds an element (headings get tabindex -1 to take it). */
function focusFirst(...selectors) {
  for (const selector of selectors) {
    const element = document.querySelector(selector);
    if (element) {
      if (element.tagName === 'H2') element.setAttribute('tabindex', '-1');
      element.focus();
      return;
    }
  }
}

/** Every metric, following next_cursor (the catalogue is a few dozen; 200 a page). */
async function allMetrics() {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get('/api/v1/metrics' + api.query({limit: 200, cursor}));
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** A formula in words: "transcription_minutes ÷ transcriptions × 100". */
function formulaText(formula) {
  if (formula.meter) return `meter ${formula.meter}`;
  if (formula.billing) return `billing ${formula.billing}`;
  if (formula.ratio) {
    const scale = Number(formula.ratio.scale);
    return `${formula.ratio.numerator} ÷ ${formula.ratio.denominator}` + (scale === 1 ? '' : ` × ${number(scale)}`);
  }
  if (formula.sum) return formula.sum.join(' + ');
  if (formula.difference) return formula.difference.join(' − ');
  if (formula.per_customer) return `${formula.per_customer} per customer`;
  if (formula.per_item) return `${formula.per_item.statistic} of ${formula.per_item.metric} per ${formula.per_item.dimension}`;
  return '–';
}

/** The form's kind and metrics for a formula; kind AS_SAVED for the shapes the form has no fields for (meter, per item). */
function formulaParts(formula) {
  if (formula.ratio) return {kind: 'ratio', first: formula.ratio.numerator, second: formula.ratio.denominator, scale: formula.ratio.scale};
  for (const kind of ['sum', 'difference']) {
    if (formula[kind]) return {kind, first: formula[kind][0], second: formula[kind][1], more: formula[kind].slice(2)};
  }
  if (formula.per_customer) return {kind: 'per_customer', first: formula.per_customer};
  return {kind: AS_SAVED};
}

function catalogueView(items, actions) {
  const heading = h('h2', {id: 'catalogue-title'}, `Catalogue (${number(items.length, 0)})`);
  if (items.length === 0) return [heading, empty('No metrics.')];
  // the catalogue runs to dozens of rows: a filter on key and name narrows it as one types
  const filter = h('input', {type: 'search', id: 'metric-filter', autocomplete: 'off', placeholder: 'Key or name', oninput: () => {
    const needle = filter.value.trim().toLowerCase();
    for (const row of table.querySelectorAll('tbody tr')) {
      row.hidden = needle !== '' && !row.dataset.search.includes(needle);
    }
  }});
  const columns = ['Key', 'Name', 'Unit', 'Polarity', 'Built-in', 'Formula', ...(actions ? [''] : [])];
  const table = h('table', {id: 'metrics-table'},
      h('caption', {class: 'sr-only'}, 'Metrics: built-in first, then the tenant\'s own by key'),
      h('thead', {}, h('tr', {}, columns.map(name => h('th', {scope: 'col'}, name ? name : h('span', {class: 'sr-only'}, 'Actions'))))),
      h('tbody', {}, items.map(metric => {
        const row = h('tr', {dataset: {metric: metric.key, search: `${metric.key} ${metric.name}`.toLowerCase()}},
            h('th', {scope: 'row'}, h('code', {}, metric.key)),
            h('td', {class: 'wrap'}, metric.name, metric.description ? h('span', {class: 'muted small'}, metric.description) : null),
            h('td', {}, metric.unit),
            h('td', {}, label(metric.polarity)),
            h('td', {}, metric.built_in ? 'Yes' : 'No'),
            h('td', {class: 'wrap'}, h('code', {}, formulaText(metric.formula))));
        // built-in metrics cannot be changed or deleted (the API answers 409): no buttons for them
        if (actions) row.append(h('td', {}, metric.built_in ? null : metricButtons(row, metric, actions)));
        return row;
      })));
  return [heading, h('div', {class: 'toolbar'}, h('label', {for: 'metric-filter'}, 'Filter metrics'), filter), h('div', {class: 'table-wrap'}, table)];
}

function metricButtons(row, metric, actions) {
  const users = metric.used_by?.length ? ` The metrics ${metric.used_by.join(', ')} use it: it cannot go before they change.` : '';
  return h('div', {class: 'row-actions'},
      editButton({label: `metric ${metric.key}`, read: () => api.get(`/api/v1/metrics/${encodeURIComponent(metric.key)}`), open: actions.edit}),
      deleteButton({id: `metric-${metric.key}`, row, label: `metric ${metric.key}`,
        question: `Delete the metric “${metric.name}” (${metric.key})? Its targets go with it; saved queries asking for it will no longer run.${users}`,
        remove: () => actions.remove(metric)}));
}

function metricOptions(metrics) {
  return metrics.map(metric => [metric.key, `${metric.name} (${metric.key})`]);
}

/**
 * The metric form: a new metric (POST), or, given one of the tenant's metrics, its edit (PUT of the whole definition:
 * every field the API takes is in the form; the key cannot change, and a formula of a shape the form has no fields for
 * stays as it is unless another kind is chosen).
 */
function metricForm(metrics, editing, {saved, cancel}) {
  const parts = editing ? formulaParts(editing.formula) : {kind: 'ratio', scale: 100};
  const key = h('input', {id: 'metric-key', required: true, maxlength: 64, pattern: '[a-z0-9_]+', autocomplete: 'off',
    value: editing?.key, readonly: Boolean(editing)});
  const name = h('input', {id: 'metric-name', maxlength: 100, autocomplete: 'off', value: editing?.name});
  const description = h('input', {id: 'metric-description', maxlength: 500, autocomplete: 'off', value: editing?.description});
  const unit = select('metric-unit', [['', 'From the formula'], ...UNITS], editing?.unit ?? '');
  const polarity = select('metric-polarity', [['', 'From the formula\'s parts'], ...POLARITIES], editing?.polarity ?? '');
  const decimals = h('input', {id: 'metric-decimals', type: 'number', min: 0, max: 12, step: 1, inputmode: 'numeric', value: editing?.decimals});
  const kinds = parts.kind === AS_SAVED ? [[AS_SAVED, `As saved: ${formulaText(editing.formula)}`], ...KINDS] : KINDS;
  const kind = select('metric-kind', kinds, parts.kind);
  const first = select('metric-first', metricOptions(metrics), parts.first);
  const second = select('metric-second', metricOptions(metrics), parts.second);
  // a metric's formula cannot name the metric itself
  for (const option of [...first.options, ...second.options]) option.disabled = option.value === editing?.key;
  const more = h('input', {id: 'metric-more', autocomplete: 'off', value: parts.more?.join(', ')});
  const scale = h('input', {id: 'metric-scale', type: 'number', value: parts.scale ?? 100, step: 'any', inputmode: 'decimal'});
  const firstLabel = h('span', {});
  const secondLabel = h('span', {});
  const firstField = field(firstLabel, first);
  const secondField = field(secondLabel, second);
  const moreField = field('More metrics (optional)', more, 'Keys, comma-separated: up to 5 metrics in all.');
  const scaleField = field('Scale', scale, '100 gives a percent.');
  const layout = () => {
    const ratio = kind.value === 'ratio';
    fill(firstLabel, ratio ? 'Numerator' : kind.value === 'per_customer' ? 'Metric' : 'First metric');
    fill(secondLabel, ratio ? 'Denominator' : 'Second metric');
    firstField.hidden = kind.value === AS_SAVED;
    secondField.hidden = kind.value === 'per_customer' || kind.value === AS_SAVED;
    moreField.hidden = ratio || kind.value === 'per_customer' || kind.value === AS_SAVED;
    scaleField.hidden = !ratio;
  };
  kind.addEventListener('change', layout);
  layout();
  const problem = errorLine('metric-error');
  const button = h('button', {type: 'submit', class: 'primary', id: 'metric-save'}, editing ? 'Save changes' : 'Add metric');
  const form = h('form', {class: 'panel form-grid', id: 'metric-form', 'aria-labelledby': 'metric-form-title', dataset: editing ? {editing: editing.key} : null},
      h('h2', {id: 'metric-form-title', class: 'span-all'}, editing ? `Edit metric ${editing.key}` : 'New metric'),
      field('Key', key, editing ? 'A metric\'s key cannot be changed.' : 'Lower-case letters, digits and _.'), field('Name', name),
      field('Description (optional)', description), field('Unit', unit), field('Polarity', polarity),
      field('Decimals (optional)', decimals),
      field('Formula', kind, parts.kind === AS_SAVED ? 'A formula of this kind has no fields here: it is kept as it is unless you choose another kind.' : null),
      firstField, secondField, moreField, scaleField,
      h('div', {class: 'span-all actions'}, button,
          editing ? h('button', {type: 'button', class: 'secondary', id: 'metric-cancel', onclick: cancel}, 'Cancel') : null),
      h('div', {class: 'span-all'}, problem));
  onSubmit(form, button, problem, async () => {
    const formula = {
      [AS_SAVED]: () => Object.fromEntries(Object.entries(editing.formula).filter(([, value]) => value !== null && value !== undefined)),
      ratio: () => ({ratio: {numerator: first.value, denominator: second.value, scale: Number(scale.value || 1)}}),
      sum: () => ({sum: [first.value, second.value, ...words(more.value)]}),
      difference: () => ({difference: [first.value, second.value, ...words(more.value)]}),
      per_customer: () => ({per_customer: first.value}),
    }[kind.value]();
    const body = {formula};
    if (name.value.trim()) body.name = name.value.trim();
    if (description.value.trim()) body.description = description.value.trim();
    if (unit.value) body.unit = unit.value;
    if (polarity.value) body.polarity = polarity.value;
    if (decimals.value !== '') body.decimals = Number(decimals.value);
    if (editing) {
      const changed = await api.put(`/api/v1/metrics/${encodeURIComponent(editing.key)}`, body);
      toast(`Metric ${changed.key} saved: ${formulaText(changed.formula)}`);
      await saved(changed.key);
    } else {
      body.key = key.value.trim();
      const created = await api.post('/api/v1/metrics', body);
      toast(`Metric ${created.key} added: ${formulaText(created.formula)}`);
      await saved(created.key);
    }
  });
  return form;
}

/** The metric keys a query asks for, when the form can show them (a list of keys, or one), else null (a meter, a {{placeholder}}). */
function metricKeysOf(query) {
  const plain = value => typeof value === 'string' && !value.includes('{{');
  if (Array.isArray(query.metrics) && query.metrics.every(plain)) return query.metrics;
  if (query.metrics === undefined && plain(query.metric)) return [query.metric];
  return null;
}

/** The period select's value for a query's period, or null when none of its choices is that period. */
function periodChoice(query) {
  const given = PERIOD_FIELDS.filter(name => query[name] !== undefined && query[name] !== null);
  const value = given.length !== 1 ? null : given[0] === 'days' ? `days:${query.days}` : given[0] === 'period' ? `period:${query.period}` : null;
  return PERIODS.some(([choice]) => choice === value) ? value : null;
}

/**
 * The saved-query form: a new query (POST), or, given a saved query, its edit (PUT of the whole definition). An edit
 * starts from the saved query: its description and parameters, and the query's fields the form does not show
 * (filters, tz, compare, order, limit, …), go back as they are, and so does each field shown here that is left
 * unchanged (a {{placeholder}}, a month or from–to period shows as "As saved").
 */
function queryForm(metrics, editing, {saved, cancel}) {
  const query = editing?.query ?? {};
  const keys = editing ? metricKeysOf(query) : [];
  const name = h('input', {id: 'query-name', required: true, maxlength: 200, autocomplete: 'off', value: editing?.name});
  const unknown = (keys ?? []).filter(key => !metrics.some(metric => metric.key === key)).map(key => [key, `${key} (not in the catalogue)`]);
  const chosen = select('query-metrics', [...metricOptions(metrics), ...unknown], null, {multiple: true, size: 6, required: keys !== null});
  for (const option of chosen.options) option.selected = (keys ?? []).includes(option.value);
  const periodValue = editing ? periodChoice(query) : 'days:30';
  const period = select('query-period', periodValue ? PERIODS : [[AS_SAVED, `As saved: ${describe(query).period}`], ...PERIODS],
      periodValue ?? AS_SAVED);
  const bucketValue = editing ? query.bucket ?? 'day' : 'day';
  const bucketKnown = BUCKETS.some(([value]) => value === bucketValue);
  const bucket = select('query-bucket', bucketKnown ? BUCKETS : [[AS_SAVED, `As saved: ${bucketValue}`], ...BUCKETS], bucketKnown ? bucketValue : AS_SAVED);
  const groupBy = h('input', {id: 'query-group-by', autocomplete: 'off',
    value: Array.isArray(query.group_by) ? query.group_by.join(', ') : query.group_by});
  const customer = h('input', {id: 'query-customer', autocomplete: 'off', value: query.customer});
  const visibilities = api.hasRole('analyst') ? [['private', 'Private (only you)'], ['tenant', 'Shared with the tenant']]
      : [['private', 'Private (only you)']];
  // an edit never changes the visibility by leaving it out of the choices
  if (editing && !visibilities.some(([value]) => value === editing.visibility)) visibilities.push([editing.visibility, label(editing.visibility)]);
  const visibility = select('query-visibility', visibilities, editing?.visibility ?? 'private');
  const initial = {keys: selectedKeys(chosen), period: period.value, bucket: bucket.value, groupBy: groupBy.value, customer: customer.value};
  const metricsHelp = keys === null
      ? `It asks for ${describe(query).asked}, which this form cannot show: kept as it is unless you choose metrics here.`
      : 'Up to 10; Ctrl or Shift with a click, or with the arrow keys and space, chooses several.';
  // the chosen metrics in words: a list of dozens scrolls, and the chosen ones may not all be in view
  const metricsField = field('Metrics', chosen, metricsHelp);
  const chosenText = h('span', {});
  const showChosen = () => {
    const keys = selectedKeys(chosen);
    fill(chosenText, keys.length ? `Chosen: ${keys.join(', ')}.` : 'None chosen.');
  };
  chosen.addEventListener('change', showChosen);
  showChosen();
  metricsField.querySelector('.help').prepend(chosenText, ' ');
  const problem = errorLine('query-error');
  const button = h('button', {type: 'submit', class: 'primary', id: 'query-save'}, editing ? 'Save changes' : 'Save query');
  const form = h('form', {class: 'panel form-grid', id: 'query-form', 'aria-labelledby': 'query-form-title', dataset: editing ? {editing: editing.id} : null},
      h('h2', {id: 'query-form-title', class: 'span-all'}, editing ? `Edit saved query “${editing.name}”` : 'New saved query'),
      field('Name', name), metricsField,
      field('Period', period), field('Bucket', bucket),
      field('Group by (optional)', groupBy, 'Up to 2 dimensions, comma-separated, such as agent or @weekday.'),
      field('Customer (optional)', customer, 'A customer\'s id; empty: the whole tenant.'),
      field('Visibility', visibility),
      editing && (editing.params.length || editing.description)
        ? h('p', {class: 'span-all help', id: 'query-kept'}, 'Kept as saved: '
            + [editing.description ? 'its description' : null, editing.params.length ? `its parameters (${editing.params.map(param => param.name).join(', ')})` : null]
                .filter(Boolean).join(' and ') + '.')
        : null,
      h('div', {class: 'span-all actions'}, button,
          editing ? h('button', {type: 'button', class: 'secondary', id: 'query-cancel', onclick: cancel}, 'Cancel') : null),
      h('div', {class: 'span-all'}, problem));
  onSubmit(form, button, problem, async () => {
    const chosenKeys = selectedKeys(chosen);
    const groups = words(groupBy.value);
    if (!editing) {
      const [kind, value] = period.value.split(':');
      const fresh = {metrics: chosenKeys, bucket: bucket.value, [kind]: kind === 'days' ? Number(value) : value};
      if (groups.length) fresh.group_by = groups;
      if (customer.value.trim()) fresh.customer = customer.value.trim();
      const created = await api.post('/api/v1/queries', {name: name.value.trim(), visibility: visibility.value, query: fresh});
      toast(`Saved the query “${created.name}”.`);
      await saved(created.id);
      return;
    }
    const changed = structuredClone(editing.query);
    if (chosenKeys.join() !== initial.keys.join()) {
      delete changed.metric;
      delete changed.meter;
      changed.metrics = chosenKeys;
    }
    if (period.value !== initial.period) {
      for (const given of PERIOD_FIELDS) delete changed[given];
      const [kind, value] = period.value.split(':');
      changed[kind] = kind === 'days' ? Number(value) : value;
    }
    if (bucket.value !== initial.bucket) changed.bucket = bucket.value;
    if (groupBy.value !== initial.groupBy) {
      if (groups.length) changed.group_by = groups;
      else delete changed.group_by;
    }
    if (customer.value !== initial.customer) {
      if (customer.value.trim()) changed.customer = customer.value.trim();
      else delete changed.customer;
    }
    const body = {name: name.value.trim(), visibility: visibility.value, query: changed, params: editing.params};
    if (editing.description !== null && editing.description !== undefined) body.description = editing.description;
    const updated = await api.put(`/api/v1/queries/${encodeURIComponent(editing.id)}`, body);
    toast(`Saved the changes to “${updated.name}” (version ${updated.version}).`);
    await saved(updated.id);
  });
  return form;
}

function selectedKeys(chosen) {
  return Array.from(chosen.selectedOptions, option => option.value);
}

/** Whether the signed-in user may change or delete a saved query: its owner, or a manager when it is shared (the API decides too). */
function mayChange(saved) {
  return saved.owner === api.claims()?.sub || (saved.visibility === 'tenant' && api.hasRole('manager'));
}

function describe(query) {
  const asked = query.metrics?.join(', ') || query.metric || (query.meter ? `meter ${query.meter}` : '–');
  const period = query.days !== undefined ? `${query.days} days` : query.period ? label(query.period)
      : query.month ? query.month : query.from ? `${query.from} – ${query.to}` : '30 days';
  return {asked, period};
}

function queriesView(page, result, reload, actions) {
  const heading = h('h2', {id: 'queries-title'}, 'Saved queries');
  if (page.items.length === 0) return [heading, empty('No saved queries yet: save one with the form above.')];
  return [heading, h('div', {class: 'table-wrap'}, h('table', {id: 'queries'},
      h('caption', {class: 'sr-only'}, 'Your saved queries and the tenant\'s shared ones, oldest first'),
      h('thead', {}, h('tr', {}, ['Name', 'Metrics', 'Period', 'Group by', 'Visibility', 'Owner', 'Runs', '']
          .map(name => h('th', {scope: 'col'}, name ? name : h('span', {class: 'sr-only'}, 'Actions'))))),
      h('tbody', {}, page.items.map(saved => {
        const {asked, period} = describe(saved.query);
        const buttons = h('div', {class: 'row-actions'}, h('button', {type: 'button', class: 'secondary run-query', 'aria-label': `Run ${saved.name}`,
          onclick: () => openRun(saved, result, reload)}, 'Run'));
        const row = h('tr', {dataset: {query: saved.id}},
            h('th', {scope: 'row', class: 'wrap'}, saved.name),
            h('td', {class: 'wrap'}, asked),
            h('td', {}, period, h('span', {class: 'muted small'}, `per ${saved.query.bucket || 'day'}`)),
            h('td', {}, (saved.query.group_by || []).join(', ') || '–'),
            h('td', {}, saved.visibility),
            h('td', {class: 'wrap'}, saved.owner),
            h('td', {class: 'num'}, number(saved.run_count, 0),
                saved.duration_ms?.p50 === null || saved.duration_ms?.p50 === undefined ? null
                    : h('span', {class: 'muted small'}, `median ${number(saved.duration_ms.p50, 0)} ms`)),
            h('td', {}, buttons));
        if (mayChange(saved)) {
          buttons.append(editButton({label: saved.name, read: () => api.get(`/api/v1/queries/${encodeURIComponent(saved.id)}`), open: actions.edit}),
              deleteButton({id: `query-${saved.id}`, row, label: saved.name,
                question: `Delete the saved query “${saved.name}”? Its versions go with it`
                    + (saved.visibility === 'tenant' ? '; it is shared, so it goes for everyone of the tenant.' : '.'),
                remove: () => actions.remove(saved)}));
        }
        return row;
      })))),
  page.next_cursor ? h('p', {class: 'muted'}, 'Only the first 200 saved queries are listed.') : null];
}

/**
 * Opens the answer panel for a query: a form for its parameters first when it has any, else the run at once; then
 * reloads the list, whose run count and durations the run changed.
 */
function openRun(saved, result, reload) {
  result.hidden = false;
  const answer = h('div', {id: 'answer-box'});
  const title = h('h2', {id: 'result-title'}, `Answer: ${saved.name}`);
  if (saved.params.length === 0) {
    fill(result, title, answer);
    run(saved, {}, answer).then(reload);
  } else {
    const inputs = saved.params.map(param => param.allowed?.length
        ? select(`param-${param.name}`, param.allowed, param.default ?? param.allowed[0])
        : h('input', {id: `param-${param.name}`, value: param.default ?? '', required: param.required, autocomplete: 'off',
          type: param.type === 'number' ? 'number' : 'text'}));
    const button = h('button', {type: 'submit', class: 'primary', id: 'run-with-params'}, 'Run');
    const form = h('form', {class: 'form-grid'}, saved.params.map((param, i) => field(`${label(param.name)} (${param.type})`, inputs[i])),
        h('div', {class: 'span-all actions'}, button));
    form.addEventListener('submit', event => {
      event.preventDefault();
      const values = {};
      saved.params.forEach((param, i) => {
        const value = inputs[i].value;
        if (value !== '') values[param.name] = param.type === 'number' ? Number(value) : value;
      });
      run(saved, values, answer).then(reload);
    });
    fill(result, title, form, answer);
  }
  result.scrollIntoView({block: 'nearest'});
  title.setAttribute('tabindex', '-1');
  title.focus({preventScroll: true});
}

function run(saved, params, answer) {
  return section(answer, () => api.post(`/api/v1/queries/${encodeURIComponent(saved.id)}/run`, {params}), data => answerView(data));
}

function formatted(value, unit, decimals, currency) {
  if (value === null || value === undefined) return '–';
  switch (unit) {
    case 'percent': return percent(value);
    case 'seconds': return `${number(value, decimals ?? undefined)} s`;
    case 'megabytes': return `${number(value, decimals ?? 1)} MB`;
    case 'money': return currency ? money(value, currency) : number(value, decimals ?? undefined);
    default: return number(value, decimals ?? undefined);
  }
}

/** The answer's columns: one per series and group, each with its name, unit, values and total. */
function columns(data) {
  const series = data.series ?? [{metric: data.meter, name: data.meter, unit: null, decimals: null, groups: data.groups}];
  return series.flatMap(one => one.groups.map(group => {
    const key = Object.values(group.key || {}).filter(Boolean).join(' · ');
    return {name: key ? `${one.name} · ${key}` : one.name, unit: one.unit, decimals: one.decimals, currency: group.key?.currency,
      values: group.values, total: group.total};
  }));
}

function answerView(data) {
  const cols = columns(data);
  const facts = h('p', {class: 'muted', id: 'answer-period'}, `${date(data.period.from)} – ${date(data.period.to)} (${data.period.timezone}), per ${data.bucket}`
      + (data.customer ? ` · customer ${data.customer}` : ' · whole tenant') + (data.as_of ? ` · read on a replica as of ${date(data.as_of)}` : ''));
  if (cols.length === 0) return [facts, empty('No data for this period: the query answers no groups.')];
  const table = h('div', {class: 'table-wrap'}, h('table', {id: 'answer'},
      h('caption', {class: 'sr-only'}, `Values per ${data.bucket}`),
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, label(data.bucket)), cols.map(col => h('th', {scope: 'col', class: 'num'}, col.name)))),
      h('tbody', {}, data.buckets.map((bucket, i) => h('tr', {dataset: {bucket: bucket.label}},
          h('th', {scope: 'row'}, data.bucket === 'day' || data.bucket === 'week' ? date(bucket.label) : bucket.label),
          cols.map(col => h('td', {class: 'num'}, formatted(col.values[i], col.unit, col.decimals, col.currency)))))),
      h('tfoot', {}, h('tr', {id: 'answer-totals'}, h('th', {scope: 'row'}, 'Total'),
          cols.map(col => h('td', {class: 'num', dataset: {value: col.total?.value ?? ''}}, formatted(col.total?.value, col.unit, col.decimals, col.currency)))))));
  // one chart, of the columns in the first column's unit (a count and a rate on one axis would mislead)
  const charted = cols.filter(col => col.unit === cols[0].unit).slice(0, 6);
  const chart = data.bucket === 'day' && data.buckets.length > 1
      ? dayChart(`Answer per day (${cols[0].unit || 'value'})`, data.buckets.map(bucket => bucket.label),
          charted.map(col => ({name: col.name, values: col.values})), 'line')
      : null;
  return [facts, chart, table];
}

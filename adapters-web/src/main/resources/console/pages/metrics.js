// Metrics: the tenant's metric catalogue (built-in and its own, with each formula in words), a form for a new metric
// (managers: a ratio, sum, difference or per-customer figure of metrics already there), the saved queries the caller
// sees, a form for a new one, and a query's run answered as a table, with a chart when it is a daily series.
// Calls: GET /api/v1/metrics, POST /api/v1/metrics, GET /api/v1/queries, POST /api/v1/queries,
// POST /api/v1/queries/{id}/run.
import * as api from '../api.js';
import {dayChart} from '../chart.js';
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

export async function render(main) {
  document.title = 'Metrics · Tally console';
  const catalogue = h('section', {class: 'panel', id: 'catalogue', 'aria-labelledby': 'catalogue-title'});
  const queries = h('section', {class: 'panel', id: 'saved-queries', 'aria-labelledby': 'queries-title'});
  const result = h('section', {class: 'panel', id: 'query-result', 'aria-live': 'polite', hidden: true, 'aria-labelledby': 'result-title'});
  const forms = h('div', {class: 'work-forms'});
  fill(main, h('h1', {}, 'Metrics'),
      h('p', {class: 'muted'}, 'Every figure Tally shows is a metric of this catalogue; saved queries ask for metrics over a period.'),
      queries, result, forms, catalogue);

  let metrics = [];
  const loadCatalogue = () => section(catalogue, allMetrics, items => {
    metrics = items;
    return catalogueView(items);
  });
  const loadQueries = () => section(queries, () => api.get('/api/v1/queries?limit=200'), page => queriesView(page, result, loadQueries));
  await loadCatalogue();
  const refreshForms = () => fill(forms,
      api.hasRole('manager') ? metricForm(metrics, async () => {
        await loadCatalogue();
        refreshForms();
      }) : null,
      queryForm(metrics, loadQueries));
  refreshForms();
  await loadQueries();
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

function catalogueView(items) {
  const heading = h('h2', {id: 'catalogue-title'}, `Catalogue (${number(items.length, 0)})`);
  if (items.length === 0) return [heading, empty('No metrics.')];
  // the catalogue runs to dozens of rows: a filter on key and name narrows it as one types
  const filter = h('input', {type: 'search', id: 'metric-filter', autocomplete: 'off', placeholder: 'Key or name', oninput: () => {
    const needle = filter.value.trim().toLowerCase();
    for (const row of table.querySelectorAll('tbody tr')) {
      row.hidden = needle !== '' && !row.dataset.search.includes(needle);
    }
  }});
  const table = h('table', {id: 'metrics-table'},
      h('caption', {class: 'sr-only'}, 'Metrics: built-in first, then the tenant\'s own by key'),
      h('thead', {}, h('tr', {}, ['Key', 'Name', 'Unit', 'Polarity', 'Built-in', 'Formula'].map(name => h('th', {scope: 'col'}, name)))),
      h('tbody', {}, items.map(metric => h('tr', {dataset: {metric: metric.key, search: `${metric.key} ${metric.name}`.toLowerCase()}},
          h('th', {scope: 'row'}, h('code', {}, metric.key)),
          h('td', {class: 'wrap'}, metric.name, metric.description ? h('span', {class: 'muted small'}, metric.description) : null),
          h('td', {}, metric.unit),
          h('td', {}, label(metric.polarity)),
          h('td', {}, metric.built_in ? 'Yes' : 'No'),
          h('td', {class: 'wrap'}, h('code', {}, formulaText(metric.formula)))))));
  return [heading, h('div', {class: 'toolbar'}, h('label', {for: 'metric-filter'}, 'Filter metrics'), filter), h('div', {class: 'table-wrap'}, table)];
}

function metricOptions(metrics) {
  return metrics.map(metric => [metric.key, `${metric.name} (${metric.key})`]);
}

function metricForm(metrics, saved) {
  const key = h('input', {id: 'metric-key', required: true, maxlength: 64, pattern: '[a-z0-9_]+', autocomplete: 'off'});
  const name = h('input', {id: 'metric-name', maxlength: 200, autocomplete: 'off'});
  const unit = select('metric-unit', [['', 'From the formula'], ...UNITS]);
  const polarity = select('metric-polarity', [['', 'From the formula\'s parts'], ...POLARITIES]);
  const decimals = h('input', {id: 'metric-decimals', type: 'number', min: 0, max: 12, step: 1, inputmode: 'numeric'});
  const kind = select('metric-kind', KINDS, 'ratio');
  const first = select('metric-first', metricOptions(metrics));
  const second = select('metric-second', metricOptions(metrics));
  const more = h('input', {id: 'metric-more', autocomplete: 'off'});
  const scale = h('input', {id: 'metric-scale', type: 'number', value: 100, step: 'any', inputmode: 'decimal'});
  const firstLabel = h('span', {});
  const secondLabel = h('span', {});
  const secondField = field(secondLabel, second);
  const moreField = field('More metrics (optional)', more, 'Keys, comma-separated: up to 5 metrics in all.');
  const scaleField = field('Scale', scale, '100 gives a percent.');
  const layout = () => {
    const ratio = kind.value === 'ratio';
    fill(firstLabel, ratio ? 'Numerator' : kind.value === 'per_customer' ? 'Metric' : 'First metric');
    fill(secondLabel, ratio ? 'Denominator' : 'Second metric');
    secondField.hidden = kind.value === 'per_customer';
    moreField.hidden = ratio || kind.value === 'per_customer';
    scaleField.hidden = !ratio;
  };
  kind.addEventListener('change', layout);
  layout();
  const problem = errorLine('metric-error');
  const button = h('button', {type: 'submit', class: 'primary', id: 'metric-save'}, 'Add metric');
  const form = h('form', {class: 'panel form-grid', id: 'metric-form', 'aria-labelledby': 'metric-form-title'},
      h('h2', {id: 'metric-form-title', class: 'span-all'}, 'New metric'),
      field('Key', key, 'Lower-case letters, digits and _.'), field('Name', name), field('Unit', unit), field('Polarity', polarity),
      field('Decimals (optional)', decimals), field('Formula', kind), field(firstLabel, first), secondField, moreField, scaleField,
      h('div', {class: 'span-all actions'}, button), h('div', {class: 'span-all'}, problem));
  onSubmit(form, button, problem, async () => {
    const formula = {
      ratio: () => ({ratio: {numerator: first.value, denominator: second.value, scale: Number(scale.value || 1)}}),
      sum: () => ({sum: [first.value, second.value, ...words(more.value)]}),
      difference: () => ({difference: [first.value, second.value, ...words(more.value)]}),
      per_customer: () => ({per_customer: first.value}),
    }[kind.value]();
    const body = {key: key.value.trim(), formula};
    if (name.value.trim()) body.name = name.value.trim();
    if (unit.value) body.unit = unit.value;
    if (polarity.value) body.polarity = polarity.value;
    if (decimals.value !== '') body.decimals = Number(decimals.value);
    const created = await api.post('/api/v1/metrics', body);
    toast(`Metric ${created.key} added: ${formulaText(created.formula)}`);
    await saved();
  });
  return form;
}

function queryForm(metrics, saved) {
  const name = h('input', {id: 'query-name', required: true, maxlength: 200, autocomplete: 'off'});
  const chosen = select('query-metrics', metricOptions(metrics), null, {multiple: true, size: 6, required: true});
  const period = select('query-period', PERIODS, 'days:30');
  const bucket = select('query-bucket', BUCKETS, 'day');
  const groupBy = h('input', {id: 'query-group-by', autocomplete: 'off'});
  const customer = h('input', {id: 'query-customer', autocomplete: 'off'});
  const visibility = select('query-visibility', api.hasRole('analyst') ? [['private', 'Private (only you)'], ['tenant', 'Shared with the tenant']]
      : [['private', 'Private (only you)']], 'private');
  const problem = errorLine('query-error');
  const button = h('button', {type: 'submit', class: 'primary', id: 'query-save'}, 'Save query');
  const form = h('form', {class: 'panel form-grid', id: 'query-form', 'aria-labelledby': 'query-form-title'},
      h('h2', {id: 'query-form-title', class: 'span-all'}, 'New saved query'),
      field('Name', name), field('Metrics', chosen, 'Up to 10; Ctrl or Shift with a click, or with the arrow keys and space, chooses several.'),
      field('Period', period), field('Bucket', bucket),
      field('Group by (optional)', groupBy, 'Up to 2 dimensions, comma-separated, such as agent or @weekday.'),
      field('Customer (optional)', customer, 'A customer\'s id; empty: the whole tenant.'),
      field('Visibility', visibility),
      h('div', {class: 'span-all actions'}, button), h('div', {class: 'span-all'}, problem));
  onSubmit(form, button, problem, async () => {
    const keys = Array.from(chosen.selectedOptions, option => option.value);
    const [kind, value] = period.value.split(':');
    const query = {metrics: keys, bucket: bucket.value, [kind]: kind === 'days' ? Number(value) : value};
    const groups = words(groupBy.value);
    if (groups.length) query.group_by = groups;
    if (customer.value.trim()) query.customer = customer.value.trim();
    const created = await api.post('/api/v1/queries', {name: name.value.trim(), visibility: visibility.value, query});
    toast(`Saved the query “${created.name}”.`);
    form.reset();
    await saved();
  });
  return form;
}

function describe(query) {
  const asked = query.metrics?.join(', ') || query.metric || (query.meter ? `meter ${query.meter}` : '–');
  const period = query.days !== undefined ? `${query.days} days` : query.period ? label(query.period)
      : query.month ? query.month : query.from ? `${query.from} – ${query.to}` : '30 days';
  return {asked, period};
}

function queriesView(page, result, reload) {
  const heading = h('h2', {id: 'queries-title'}, 'Saved queries');
  if (page.items.length === 0) return [heading, empty('No saved queries yet: save one with the form above.')];
  return [heading, h('div', {class: 'table-wrap'}, h('table', {id: 'queries'},
      h('caption', {class: 'sr-only'}, 'Your saved queries and the tenant\'s shared ones, oldest first'),
      h('thead', {}, h('tr', {}, ['Name', 'Metrics', 'Period', 'Group by', 'Visibility', 'Owner', 'Runs', '']
          .map(name => h('th', {scope: 'col'}, name ? name : h('span', {class: 'sr-only'}, 'Actions'))))),
      h('tbody', {}, page.items.map(saved => {
        const {asked, period} = describe(saved.query);
        return h('tr', {dataset: {query: saved.id}},
            h('th', {scope: 'row', class: 'wrap'}, saved.name),
            h('td', {class: 'wrap'}, asked),
            h('td', {}, period, h('span', {class: 'muted small'}, `per ${saved.query.bucket || 'day'}`)),
            h('td', {}, (saved.query.group_by || []).join(', ') || '–'),
            h('td', {}, saved.visibility),
            h('td', {class: 'wrap'}, saved.owner),
            h('td', {class: 'num'}, number(saved.run_count, 0),
                saved.duration_ms?.p50 === null || saved.duration_ms?.p50 === undefined ? null
                    : h('span', {class: 'muted small'}, `median ${number(saved.duration_ms.p50, 0)} ms`)),
            h('td', {}, h('button', {type: 'button', class: 'secondary run-query', 'aria-label': `Run ${saved.name}`,
              onclick: () => openRun(saved, result, reload)}, 'Run')));
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

// One customer: its profile, key-figure cards for a period (7, 14, 30 or 90 days, or from–to) with their growth
// coloured by the metric's polarity, call activity (outcomes, agents, calls per day), plan limits, recommendations,
// and exports of the usage-summary report (CSV, PDF, XLSX) and of the raw events through the async export API.
// Calls: GET /api/v1/customers/{id}, /usage/summary, /activity, /limits, /recommendations, GET /api/v1/metrics,
// GET /api/v1/customers/{id}/reports/usage-summary, POST /api/v1/exports, GET /api/v1/exports/{id}[/file].
import * as api from '../api.js';
import {dayChart} from '../chart.js';
import {date, empty, failure, fill, growth, h, label, loading, money, number, percent, section, toast} from '../ui.js';

const PRESETS = [7, 14, 30, 90];
let period = {days: 30};
let catalogue = null;

async function metrics() {
  if (!catalogue) {
    const page = await api.get('/api/v1/metrics?limit=200');
    catalogue = new Map(page.items.map(metric => [metric.key, metric]));
  }
  return catalogue;
}

export async function render(main, {params}) {
  const id = params[0];
  const path = `/api/v1/customers/${encodeURIComponent(id)}`;
  fill(main, loading('Loading the customer…'));
  let customer;
  try {
    customer = await api.get(path);
  } catch (error) {
    if (error.status === 401) return;
    document.title = 'Customer not found · Tally console';
    fill(main, h('h1', {}, 'Customer not found'), failure(error), h('p', {}, h('a', {href: '#/customers'}, 'Back to customers')));
    return;
  }
  const name = customer.display_name || customer.external_id;
  document.title = `${name} · Tally console`;

  const cards = h('section', {class: 'cards', id: 'figures', 'aria-label': 'Key figures'});
  const exportsBox = h('div', {class: 'exports', id: 'exports'});
  const activity = h('section', {class: 'panel', id: 'activity', 'aria-labelledby': 'activity-title'});
  const limits = h('section', {class: 'panel', id: 'limits', 'aria-labelledby': 'limits-title'});
  const recommendations = h('section', {class: 'panel', id: 'recommendations', 'aria-labelledby': 'recommendations-title'});
  const periodLine = h('p', {class: 'muted', id: 'period'});

  const refresh = async () => {
    const range = api.query(period.days ? {days: period.days} : {from: period.from, to: period.to});
    const summary = section(cards, async () => {
      const [figures, known] = await Promise.all([api.get(`${path}/usage/summary${range}`), metrics()]);
      return {figures, known};
    }, ({figures, known}) => {
      fill(periodLine, `${date(figures.period.from)} – ${date(figures.period.to)} (${figures.period.timezone}), against the same number of days before`);
      renderExports(exportsBox, customer, range, hasData(figures));
      return figureCards(figures, known);
    });
    await Promise.all([
      summary,
      section(activity, () => api.get(`${path}/activity${range}`), activityView),
      section(limits, () => api.get(`${path}/limits`), limitsView),
      section(recommendations, () => api.get(`${path}/recommendations`), recommendationsView),
    ]);
  };

  fill(main,
      h('p', {class: 'crumbs'}, h('a', {href: '#/customers'}, 'Customers'), ' / ', name),
      h('div', {class: 'title-row'},
          h('h1', {}, name),
          h('span', {class: `badge ${customer.status}`}, customer.status)),
      h('p', {class: 'muted'}, h('code', {}, customer.external_id), ` · plan ${customer.plan || '–'} · ${customer.timezone || 'tenant timezone'}`
          + (customer.country ? ` · ${customer.country}` : '')),
      periodPicker(refresh),
      periodLine,
      exportsBox,
      cards,
      h('div', {class: 'columns'}, activity, h('div', {}, limits, recommendations)));
  await refresh();
}

function periodPicker(refresh) {
  const custom = !period.days;
  const from = h('input', {type: 'date', id: 'period-from', value: period.from || '', required: true});
  const to = h('input', {type: 'date', id: 'period-to', value: period.to || '', required: true});
  const customForm = h('form', {class: 'custom-period', hidden: !custom, onsubmit: event => {
    event.preventDefault();
    if (!from.value || !to.value || from.value > to.value) {
      toast('Choose a start day on or before the end day.', 'error');
      return;
    }
    period = {from: from.value, to: to.value};
    refresh();
  }},
  h('label', {for: 'period-from'}, 'From'), from, h('label', {for: 'period-to'}, 'To'), to,
  h('button', {type: 'submit', class: 'secondary'}, 'Apply'));
  const buttons = PRESETS.map(days => h('button', {type: 'button', class: 'segment', dataset: {days},
    'aria-pressed': String(period.days === days), onclick: event => {
      period = {days};
      customForm.hidden = true;
      group.querySelectorAll('.segment').forEach(button => button.setAttribute('aria-pressed', String(button === event.currentTarget)));
      refresh();
    }}, `${days} days`));
  const customButton = h('button', {type: 'button', class: 'segment', dataset: {days: 'custom'}, 'aria-pressed': String(custom),
    onclick: event => {
      customForm.hidden = false;
      group.querySelectorAll('.segment').forEach(button => button.setAttribute('aria-pressed', String(button === event.currentTarget)));
      from.focus();
    }}, 'Custom');
  const group = h('div', {class: 'segments', role: 'group', 'aria-label': 'Period'}, buttons, customButton);
  return h('div', {class: 'period-picker'}, group, customForm);
}

function hasData(summary) {
  return Object.values(summary.figures).some(figure => {
    const value = figure.value;
    if (value && typeof value === 'object') return Object.values(value).some(v => Number(v) !== 0);
    return value !== null && Number(value) !== 0;
  });
}

function formatted(value, metric) {
  if (value === null || value === undefined) return '–';
  const unit = metric?.unit;
  const decimals = metric?.decimals ?? undefined;
  switch (unit) {
    case 'percent': return percent(value);
    case 'seconds': return `${number(value, decimals)} s`;
    case 'megabytes': return `${number(value, decimals ?? 1)} MB`;
    case 'money': return money(value);
    default: return number(value, decimals);
  }
}

/** good, bad or neutral: which way the figure moved, read with the metric's polarity. */
function tone(change, polarity) {
  if (change === null || change === undefined || Number(change) === 0 || polarity === 'neutral' || !polarity) return 'neutral';
  const up = Number(change) > 0;
  return (polarity === 'higher_is_better') === up ? 'good' : 'bad';
}

function trend(change, polarity) {
  const mood = tone(change, polarity);
  const arrow = change === null || change === undefined || Number(change) === 0 ? '' : Number(change) > 0 ? '▲ ' : '▼ ';
  const words = {good: 'better than before', bad: 'worse than before', neutral: 'against before'}[mood];
  return h('span', {class: `trend ${mood}`}, arrow, growth(change), h('span', {class: 'sr-only'}, ` ${words}`));
}

function figureCards(summary, known) {
  const entries = Object.entries(summary.figures);
  if (entries.length === 0) return empty('No figures for this period.');
  return entries.map(([key, figure]) => {
    const metric = known.get(key);
    const title = metric?.name || label(key);
    if (figure.value && typeof figure.value === 'object') {
      const parts = Object.entries(figure.value);
      return h('article', {class: 'card figure', dataset: {figure: key}},
          h('h2', {}, title),
          parts.length === 0 ? h('p', {class: 'value'}, '–')
              : h('ul', {class: 'breakdown'}, parts.map(([part, value]) => h('li', {},
                  h('span', {}, part), h('strong', {}, formatted(value, metric)), ' ', trend(figure.growth_pct?.[part], metric?.polarity)))));
    }
    return h('article', {class: 'card figure', dataset: {figure: key}},
        h('h2', {}, title),
        h('p', {class: 'value', dataset: {value: figure.value ?? ''}}, formatted(figure.value, metric)),
        h('p', {class: 'previous'}, trend(figure.growth_pct, metric?.polarity), h('span', {class: 'muted'}, ` · before: ${formatted(figure.previous, metric)}`)));
  });
}

function renderExports(box, customer, range, data) {
  const canExport = api.hasRole('analyst') || api.scopedCustomers() !== null;
  if (!canExport) {
    fill(box);
    return;
  }
  const report = `/api/v1/customers/${encodeURIComponent(customer.external_id)}/reports/usage-summary`;
  const button = (format, text) => {
    const element = h('button', {type: 'button', class: 'primary', id: `export-${format}`, disabled: !data, 'aria-describedby': data ? null : 'no-data',
      onclick: async () => {
        element.disabled = true;
        element.setAttribute('aria-busy', 'true');
        element.textContent = `Exporting ${format.toUpperCase()}…`;
        try {
          const name = await api.download(`${report}${range}&format=${format}`, `usage-summary.${format}`);
          toast(`Downloaded ${name}`);
        } catch (error) {
          if (error.status !== 401) toast(`The ${format.toUpperCase()} export failed: ${error.message}`, 'error');
        } finally {
          element.disabled = false;
          element.removeAttribute('aria-busy');
          element.textContent = text;
        }
      }}, text);
    return element;
  };
  const progress = h('div', {class: 'job', id: 'events-export-progress', role: 'status', 'aria-live': 'polite'});
  const events = h('button', {type: 'button', class: 'secondary', id: 'export-events', disabled: !data, onclick: async () => {
    events.disabled = true;
    try {
      const params = Object.fromEntries(new URLSearchParams(range.slice(1)));
      const body = {report: 'usage-history', customer: customer.external_id, format: 'csv', ...params};
      if (body.days) body.days = Number(body.days);
      let job = await api.post('/api/v1/exports', body);
      while (job.status === 'queued' || job.status === 'running') {
        fill(progress, h('progress', {'aria-label': 'Events export'}), ` ${job.status === 'queued' ? 'Waiting for a worker…' : 'Writing the file…'}`);
        await new Promise(resolve => setTimeout(resolve, 700));
        job = await api.get(`/api/v1/exports/${job.id}`);
      }
      if (job.status !== 'succeeded') throw new api.ApiError(409, {detail: job.error || `the export ${job.status}`});
      fill(progress, `Ready: ${number(job.rows)} events, ${number(job.bytes / 1024, 1)} KiB`);
      const name = await api.download(`/api/v1/exports/${job.id}/file`, job.file_name || 'usage-history.csv');
      toast(`Downloaded ${name}`);
    } catch (error) {
      fill(progress);
      if (error.status !== 401) toast(`The events export failed: ${error.message}`, 'error');
    } finally {
      events.disabled = !data;
    }
  }}, 'Events (CSV, async)');
  fill(box,
      h('span', {class: 'label'}, 'Export usage summary'),
      button('csv', 'Export CSV'), button('pdf', 'Export PDF'), button('xlsx', 'Export XLSX'), events,
      data ? null : h('span', {class: 'muted', id: 'no-data'}, 'No usage in this period: nothing to export.'),
      progress);
}

function activityView(activity) {
  const outcomes = Object.entries(activity.calls_by_outcome || {});
  const total = activity.total_calls || 0;
  return [
    h('h2', {id: 'activity-title'}, 'Call activity'),
    total === 0 ? empty('No calls in this period.') : [
      h('dl', {class: 'facts'},
          h('dt', {}, 'Calls'), h('dd', {}, number(total, 0)),
          h('dt', {}, 'Success rate'), h('dd', {}, percent(activity.success_rate)),
          h('dt', {}, 'Average duration'), h('dd', {}, activity.average_duration_s === null ? '–' : `${number(activity.average_duration_s, 1)} s`),
          h('dt', {}, 'Cost'), h('dd', {}, (activity.total_cost || []).map(cost => money(cost.amount, cost.currency)).join(' · ') || '–')),
      h('h3', {}, 'Calls per day'),
      dayChart('Calls per day', activity.daily.map(day => day.date), [{name: 'Calls', values: activity.daily.map(day => day.calls)}]),
      h('h3', {}, 'Outcomes'),
      h('ul', {class: 'bars', id: 'outcomes'}, outcomes.map(([outcome, calls]) => h('li', {},
          h('span', {class: 'bar-label'}, outcome),
          h('span', {class: 'share', role: 'presentation'}, h('span', {class: 'fill', style: `width: ${total ? (100 * calls / total).toFixed(1) : 0}%`})),
          h('span', {class: 'bar-value'}, `${number(calls, 0)} (${percent(total ? 100 * calls / total : null)})`)))),
      h('h3', {}, 'Agents'),
      h('div', {class: 'table-wrap'}, h('table', {id: 'agents'},
          h('thead', {}, h('tr', {}, ['Agent', 'Calls', 'Completed', 'Success rate'].map(name => h('th', {scope: 'col'}, name)))),
          h('tbody', {}, activity.agents.map(agent => h('tr', {},
              h('th', {scope: 'row'}, agent.agent),
              h('td', {class: 'num'}, number(agent.calls, 0)),
              h('td', {class: 'num'}, number(agent.completed, 0)),
              h('td', {class: 'num'}, percent(agent.success_rate))))))),
    ],
  ];
}

function limitsView(answer) {
  const heading = h('h2', {id: 'limits-title'}, 'Plan limits');
  if (!answer.plan) return [heading, empty('This customer has no plan, so no limits.')];
  if (!answer.plan_defined) return [heading, empty(`The plan “${answer.plan}” is not defined for this tenant.`)];
  if (answer.limits.length === 0) return [heading, empty(`The plan “${answer.plan}” sets no limits.`)];
  return [heading, h('ul', {class: 'limits'}, answer.limits.map(limit => {
    const share = limit.limit > 0 ? Math.min(100, 100 * limit.used / limit.limit) : 100;
    const level = limit.exceeded ? 'bad' : share >= 80 ? 'warn' : 'good';
    return h('li', {},
        h('div', {class: 'limit-head'}, h('strong', {}, limit.meter_name || label(limit.meter)),
            h('span', {}, `${number(limit.used)} of ${number(limit.limit)} (${percent(limit.percentage)})`)),
        h('div', {class: `progress ${level}`, role: 'progressbar', 'aria-label': `${limit.meter_name || limit.meter} used`,
          'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(share)},
        h('span', {class: 'fill', style: `width: ${share.toFixed(1)}%`})),
        h('p', {class: 'muted'}, `${limit.enforcement} limit per ${label(limit.period).toLowerCase()}, until ${date(limit.period_end)}`
            + (limit.exceeded ? ' · exceeded' : '')));
  }))];
}

function recommendationsView(answer) {
  const heading = h('h2', {id: 'recommendations-title'}, 'Recommendations');
  if (answer.items.length === 0) return [heading, empty('Nothing to recommend for this customer now.')];
  return [heading, h('ul', {class: 'recommendations'}, answer.items.map(item => h('li', {},
      h('span', {class: `badge ${item.severity}`}, item.severity), ' ', h('strong', {}, item.title),
      h('p', {}, item.detail))))];
}

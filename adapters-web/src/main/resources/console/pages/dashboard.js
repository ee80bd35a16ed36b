// One dashboard: its filters, and its widgets on the 12-column grid, each in the shape of its type (cards, gauges,
// line and bar charts, pies as breakdowns, tables) with its own error and empty states, refreshed as often as the
// dashboard asks. Those who may change it (the API decides: analysts their own, managers shared ones) get an editor:
// widgets moved and resized by dragging or by number fields, added from a metric or a saved query, removed; then saved
// as a whole. Copy makes a private copy; Restore defaults puts a default dashboard back, after a confirmation.
// Calls: GET /api/v1/dashboards/{id}, GET /api/v1/dashboards/{id}/data?filters.NAME=VALUE, GET /api/v1/customers,
// PUT /api/v1/dashboards/{id}, POST /api/v1/dashboards/{id}/copy, POST /api/v1/dashboards/{id}/restore,
// GET /api/v1/metrics and GET /api/v1/queries (the editor's choices).
import * as api from '../api.js';
import {dayChart} from '../chart.js';
import {date, empty, failure, fill, growth, h, label, loading, money, number, percent, tenantContext, toast} from '../ui.js';

/** The relative periods a period filter takes (RelativePeriod on the server). */
const PERIODS = {
  yesterday: 'Yesterday',
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  last_week: 'Last week',
  this_month: 'This month',
  last_month: 'Last month',
  this_quarter: 'This quarter',
  year_to_date: 'Year to date',
  last_12_months: 'Last 12 months',
};
const TYPES = {metric_card: 'Metric card', line: 'Line chart', bar: 'Bar chart', pie: 'Pie (breakdown)', gauge: 'Gauge', table: 'Table'};
const COLUMNS = 12;
const MAX_WIDGETS = 30;
/** The editor's grid: rows of this many pixels with this gap, so that a drop point maps to a cell. */
const EDIT_ROW = 48;
const EDIT_GAP = 8;

/** The filter values chosen per dashboard during this visit, kept when the page is opened again. */
const chosen = new Map();
let refreshTimer = null;

export async function render(main, {params}) {
  const id = params[0];
  const path = `/api/v1/dashboards/${encodeURIComponent(id)}`;
  clearInterval(refreshTimer);
  fill(main, loading('Loading the dashboard…'));
  let dashboard;
  try {
    dashboard = await api.get(path);
  } catch (error) {
    if (error.status === 401) return;
    document.title = 'Dashboard not found · Tally console';
    fill(main, h('h1', {}, 'Dashboard not found'), failure(error), h('p', {}, h('a', {href: '#/dashboards'}, 'Back to dashboards')));
    return;
  }
  if (!chosen.has(dashboard.id)) chosen.set(dashboard.id, {});
  showDashboard(main, path, dashboard);
}

function heading(dashboard) {
  return [
    h('p', {class: 'crumbs'}, h('a', {href: '#/dashboards'}, 'Dashboards'), ' / ', dashboard.name),
    h('div', {class: 'title-row'},
        h('h1', {}, dashboard.name),
        h('span', {class: `badge ${dashboard.visibility}`}, dashboard.visibility === 'tenant' ? 'shared' : 'private'),
        dashboard.default_key ? h('span', {class: 'badge'}, 'default') : null),
    dashboard.description ? h('p', {class: 'muted description'}, dashboard.description) : null,
    h('p', {class: 'muted small'}, `Owner ${dashboard.owner} · version ${dashboard.version} · changed ${date(dashboard.updated_at)}`
        + (dashboard.refresh_seconds ? ` · refreshes every ${number(dashboard.refresh_seconds, 0)} s` : '')),
  ];
}

// ---- Viewing ----

function showDashboard(main, path, dashboard) {
  clearInterval(refreshTimer);
  document.title = `${dashboard.name} · Tally console`;
  const values = chosen.get(dashboard.id);
  const grid = h('div', {class: 'dash-grid', id: 'widgets', 'aria-live': 'polite', 'aria-busy': 'false'});
  const status = h('p', {class: 'muted small', id: 'dashboard-status'});
  const load = quiet => loadData(path, dashboard, values, grid, status, quiet);
  const confirmBox = h('div', {class: 'confirm', id: 'restore-confirm', hidden: true, role: 'group', 'aria-labelledby': 'restore-question'});

  const actions = [];
  if (api.hasRole('analyst')) {
    actions.push(h('button', {type: 'button', class: 'primary', id: 'edit-dashboard', onclick: () => showEditor(main, path, dashboard)}, 'Edit'));
    const copy = h('button', {type: 'button', class: 'secondary', id: 'copy-dashboard', onclick: async () => {
      copy.disabled = true;
      try {
        const made = await api.post(`${path}/copy`);
        toast(`Copied as “${made.name}”.`);
        location.hash = `#/dashboards/${encodeURIComponent(made.id)}`;
      } catch (error) {
        if (error.status !== 401) toast(`The copy failed: ${error.message}`, 'error');
      } finally {
        copy.disabled = false;
      }
    }}, 'Copy');
    actions.push(copy);
  }
  if (dashboard.default_key && api.hasRole('manager')) {
    const restore = h('button', {type: 'button', class: 'secondary', id: 'restore-dashboard', 'aria-expanded': 'false', 'aria-controls': 'restore-confirm',
      onclick: () => {
        confirmBox.hidden = false;
        restore.setAttribute('aria-expanded', 'true');
        // as every question before a change that cannot be taken back: the focus starts on the way out
        confirmBox.querySelector('#cancel-restore').focus();
      }}, 'Restore defaults');
    const cancel = () => {
      confirmBox.hidden = true;
      restore.setAttribute('aria-expanded', 'false');
      restore.focus();
    };
    fill(confirmBox,
        h('p', {id: 'restore-question'}, `Put “${dashboard.name}” back to its built-in definition? The current one stays among its versions.`),
        h('button', {type: 'button', class: 'primary', id: 'confirm-restore', onclick: async event => {
          const button = event.currentTarget;
          button.disabled = true;
          try {
            const restored = await api.post(`${path}/restore`);
            toast(`“${restored.name}” is back to its built-in definition (version ${restored.version}).`);
            showDashboard(main, path, restored);
          } catch (error) {
            button.disabled = false;
            if (error.status !== 401) toast(`The restore failed: ${error.message}`, 'error');
          }
        }}, 'Restore'),
        h('button', {type: 'button', class: 'secondary', id: 'cancel-restore', onclick: cancel}, 'Cancel'));
    confirmBox.onkeydown = event => {
      if (event.key === 'Escape') cancel();
    };
    actions.push(restore);
  }

  fill(main,
      heading(dashboard),
      actions.length ? h('div', {class: 'toolbar dash-actions'}, actions) : null,
      confirmBox,
      dashboard.filters.length ? filterForm(dashboard, values, () => load(false)) : null,
      status,
      grid);
  load(false);
  if (dashboard.refresh_seconds) {
    refreshTimer = setInterval(() => {
      if (grid.isConnected) load(true);
      else clearInterval(refreshTimer);
    }, dashboard.refresh_seconds * 1000);
  }
}

function filterForm(dashboard, values, apply) {
  const controls = dashboard.filters.map(filter => {
    const id = `filter-${filter.name}`;
    const current = values[filter.name] ?? filter.default ?? '';
    let control;
    if (filter.type === 'period') {
      control = h('select', {id, name: filter.name, onchange: () => form.requestSubmit()},
          filter.default ? null : h('option', {value: ''}, 'Default (last 30 days)'),
          Object.entries(PERIODS).map(([value, text]) => h('option', {value, selected: value === current}, text)));
    } else if (filter.type === 'customer') {
      control = h('input', {id, name: filter.name, type: 'text', value: current, maxlength: 100, autocomplete: 'off',
        placeholder: filter.default ? '' : 'All customers', 'aria-describedby': `${id}-help`});
      customerChoice(control, filter, current, () => form.requestSubmit());
    } else {
      control = h('input', {id, name: filter.name, type: 'text', value: current, maxlength: 200, autocomplete: 'off'});
    }
    return h('div', {class: 'filter', dataset: {filter: filter.name}}, h('label', {for: id}, label(filter.name)), control,
        filter.type === 'customer' ? h('span', {class: 'sr-only', id: `${id}-help`}, filter.default ? `Empty: ${filter.default}` : 'Empty: all customers') : null);
  });
  const form = h('form', {class: 'toolbar dash-filters', id: 'dashboard-filters', 'aria-label': 'Filters', onsubmit: event => {
    event.preventDefault();
    for (const filter of dashboard.filters) {
      const field = form.elements.namedItem(filter.name);
      values[filter.name] = field.value.trim();
    }
    apply();
  }}, controls, h('button', {type: 'submit', class: 'secondary', id: 'apply-filters'}, 'Apply'));
  return form;
}

/**
 * Turns a customer filter's text field into a select of the customers (GET /api/v1/customers) when they fit in one
 * page; with more, the field stays and suggests the first page's ids as the user types.
 */
async function customerChoice(input, filter, current, apply) {
  let page;
  try {
    page = await api.get('/api/v1/customers' + api.query({limit: 200}));
  } catch {
    return; // the text field still takes an id
  }
  if (!input.isConnected) return; // the page was left meanwhile
  if (page.next_cursor) {
    const list = h('datalist', {id: `${input.id}-options`}, page.items.map(customer => h('option', {value: customer.external_id},
        customer.display_name || customer.external_id)));
    input.setAttribute('list', list.id);
    input.after(list);
    return;
  }
  const select = h('select', {id: input.id, name: input.name, 'aria-describedby': input.getAttribute('aria-describedby'), onchange: apply},
      api.scopedCustomers() && !filter.default ? null
          : h('option', {value: ''}, filter.default ? `Default (${filter.default})` : 'All customers'),
      page.items.map(customer => h('option', {value: customer.external_id, selected: customer.external_id === current},
          customer.display_name ? `${customer.display_name} (${customer.external_id})` : customer.external_id)));
  input.replaceWith(select);
}

async function loadData(path, dashboard, values, grid, status, quiet) {
  const filters = {};
  for (const [name, value] of Object.entries(values)) filters[`filters.${name}`] = value;
  if (!quiet) fill(grid, loading('Loading the widgets…'));
  grid.setAttribute('aria-busy', 'true');
  try {
    const data = await api.get(`${path}/data${api.query(filters)}`);
    const answers = new Map(data.widgets.map(answer => [answer.id, answer]));
    const widgets = ordered(dashboard.widgets);
    // The period most widgets cover is said once, above the grid; a widget covering another one says its own.
    const common = mostCommon(data.widgets.filter(answer => answer.period).map(answer => periodText(answer.period)));
    fill(grid, widgets.length === 0
        ? empty(api.hasRole('analyst') ? 'This dashboard has no widgets yet: Edit adds some.' : 'This dashboard has no widgets yet.')
        : widgets.map(widget => tile(widget, answers.get(widget.id), common)));
    const asOf = data.widgets.map(answer => answer.as_of).filter(Boolean).sort()[0];
    fill(status, [common, asOf ? `figures as of ${date(asOf)}` : null, data.refresh_seconds ? 'refreshed automatically' : null]
        .filter(Boolean).join(' · '));
  } catch (error) {
    if (error.status === 401) return;
    fill(grid, failure(error));
    fill(status);
  } finally {
    grid.setAttribute('aria-busy', 'false');
  }
}

/** Widgets in reading order (top to bottom, left to right): the order of one column on a narrow screen. */
function ordered(widgets) {
  return [...widgets].sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
}

function periodText(period) {
  return `${date(period.from)} – ${date(period.to)}`;
}

function mostCommon(texts) {
  const counts = new Map();
  texts.forEach(text => counts.set(text, (counts.get(text) || 0) + 1));
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function placed(position) {
  return `grid-column: ${position.x + 1} / span ${position.w}; grid-row: ${position.y + 1} / span ${position.h};`;
}

function tile(widget, answer, commonPeriod) {
  const titleId = `widget-${widget.id}-title`;
  return h('article', {class: `widget widget-${widget.type}`, id: `widget-${widget.id}`, dataset: {widget: widget.id, type: widget.type},
    'aria-labelledby': titleId, style: placed(widget.position)},
  h('h2', {id: titleId}, widget.title),
  h('div', {class: 'widget-body'}, body(widget, answer)),
  answer?.period && (periodText(answer.period) !== commonPeriod || answer.cached)
      ? h('p', {class: 'widget-meta'}, periodText(answer.period), answer.cached && answer.as_of ? ` · as of ${date(answer.as_of)} (cached)` : '')
      : null);
}

function body(widget, answer) {
  if (!answer) return empty('No answer for this widget.');
  if (answer.problem) {
    return h('p', {class: 'state error'}, answer.problem.detail || answer.problem.title || 'This widget could not answer.');
  }
  switch (answer.type) {
    case 'metric_card': return card(answer);
    case 'gauge': return gauge(answer);
    case 'line': case 'bar': return chart(answer);
    case 'pie': return pie(answer);
    case 'table': return table(answer);
    default: return empty(`No view for widgets of type ${answer.type}.`);
  }
}

/** A value in its metric's unit; money in the currency of its group (key.currency), else the tenant's. */
function formatted(value, unit, decimals, currency) {
  if (value === null || value === undefined) return '–';
  const places = decimals ?? undefined;
  switch (unit) {
    case 'percent': return percent(value);
    case 'seconds': return `${number(value, places)} s`;
    case 'megabytes': return `${number(value, places ?? 1)} MB`;
    case 'money': return money(value, currency);
    default: return number(value, places);
  }
}

/** good, bad or neutral: which way the figure moved, read with the metric's polarity. */
function tone(change, polarity) {
  if (change === null || change === undefined || Number(change) === 0 || !polarity || polarity === 'neutral') return 'neutral';
  return (polarity === 'higher_is_better') === (Number(change) > 0) ? 'good' : 'bad';
}

function trend(change, polarity) {
  const mood = tone(change, polarity);
  const arrow = change === null || change === undefined || Number(change) === 0 ? '' : Number(change) > 0 ? '▲ ' : '▼ ';
  const words = {good: 'better than before', bad: 'worse than before', neutral: 'against before'}[mood];
  return h('span', {class: `trend ${mood}`}, arrow, growth(change), h('span', {class: 'sr-only'}, ` ${words}`));
}

function groupText(key) {
  const parts = Object.entries(key || {});
  return parts.length ? parts.map(([dimension, value]) => `${dimension} ${value}`).join(', ') : null;
}

function card(answer) {
  const show = value => formatted(value, answer.unit, answer.decimals, answer.key?.currency);
  const group = groupText(answer.key);
  return [
    h('p', {class: 'value', dataset: {value: answer.value ?? ''}}, show(answer.value)),
    h('p', {class: 'previous'}, trend(answer.growth_pct, answer.polarity), h('span', {class: 'muted'}, ` · before: ${show(answer.previous)}`)),
    group ? h('p', {class: 'muted small'}, `Largest group: ${group}`) : null,
    answer.target !== null && answer.target !== undefined
        ? h('p', {class: 'muted small'}, `Target ${show(answer.target)} (${percent(answer.target_pct)} reached)`) : null,
    answer.target_status ? h('p', {class: 'small'}, h('span', {class: `badge ${answer.target_status}`}, label(answer.target_status))) : null,
  ];
}

function gauge(answer) {
  const show = value => formatted(value, answer.unit, answer.decimals, answer.key?.currency);
  const value = h('p', {class: 'value', dataset: {value: answer.value ?? ''}}, show(answer.value));
  if (answer.target === null || answer.target === undefined || answer.target_pct === null) {
    return [value, h('p', {class: 'muted small'}, 'No target to measure against.')];
  }
  const share = Math.max(0, Math.min(100, Number(answer.target_pct)));
  const reached = Number(answer.target_pct) >= 100;
  const level = answer.polarity === 'lower_is_better' ? (reached ? 'bad' : 'good')
      : answer.polarity === 'higher_is_better' ? (reached ? 'good' : 'warn') : '';
  return [
    value,
    h('div', {class: `progress gauge-bar ${level}`, role: 'progressbar', 'aria-label': `${answer.title} against its target`,
      'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(share), 'aria-valuetext': `${percent(answer.target_pct)} of the target`},
    h('span', {class: 'fill', style: `width: ${share.toFixed(1)}%`})),
    h('p', {class: 'small'}, `${percent(answer.target_pct)} of the target ${show(answer.target)}`),
    h('p', {class: 'previous'}, trend(answer.growth_pct, answer.polarity), h('span', {class: 'muted'}, ` · before: ${show(answer.previous)}`)),
  ];
}

function seriesName(series) {
  const group = Object.values(series.key || {});
  return group.length ? `${series.name} (${group.join(', ')})` : series.name;
}

/** A bucket's label as the day it starts on: days and weeks are days already, a month (2026-11) its first day. */
function bucketDay(bucketLabel) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(bucketLabel)) return bucketLabel;
  if (/^\d{4}-\d{2}$/.test(bucketLabel)) return `${bucketLabel}-01`;
  return null;
}

/** What a series is counted in, for one axis: its unit, and for money its currency. */
function unitOf(series) {
  return series.unit === 'money' ? `money ${series.key?.currency || tenantContext().currency}` : series.unit || 'count';
}

function unitName(series) {
  switch (series.unit) {
    case 'percent': return '%';
    case 'seconds': return 'seconds';
    case 'megabytes': return 'MB';
    case 'money': return series.key?.currency || tenantContext().currency;
    default: return 'count';
  }
}

/**
 * A widget's series as charts of days with the axis written in their unit: one chart when they share a unit, else one
 * smaller chart per unit (calls, %, € on one axis would flatten all but the largest), each titled with its unit.
 */
function unitCharts(answer, days) {
  const kind = answer.type === 'bar' ? 'bars' : 'line';
  const groups = new Map();
  for (const s of answer.series) {
    const unit = unitOf(s);
    if (!groups.has(unit)) groups.set(unit, []);
    groups.get(unit).push(s);
  }
  const charts = [...groups.values()].map(members => {
    const first = members[0];
    const format = value => formatted(value, first.unit, first.decimals, first.key?.currency);
    const series = members.map(s => ({name: seriesName(s), values: s.values}));
    if (groups.size === 1) return dayChart(answer.title, days, series, kind, {format});
    // money's series name their currency already (their group's key)
    const caption = series.map(s => s.name).join(', ') + (first.key?.currency ? '' : ` (${unitName(first)})`);
    return h('figure', {class: 'unit-chart'}, h('figcaption', {class: 'small muted'}, caption),
        dayChart(`${answer.title}, ${unitName(first)}`, days, series, kind, {format, height: 150}));
  });
  return charts.length === 1 ? charts[0] : h('div', {class: 'unit-charts'}, charts);
}

function chart(answer) {
  const hasData = answer.series.some(series => series.values.some(value => value !== null && Number(value) !== 0));
  if (!hasData) return empty('No data for this period.');
  const days = answer.buckets.map(bucket => bucketDay(bucket.label));
  const series = answer.series.map(s => ({name: seriesName(s), values: s.values}));
  const view = days.every(Boolean)
      ? unitCharts(answer, days)
      : h('div', {class: 'table-wrap'}, h('table', {},
          h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Bucket'), series.map(s => h('th', {scope: 'col'}, s.name)))),
          h('tbody', {}, answer.buckets.map((bucket, i) => h('tr', {}, h('th', {scope: 'row'}, bucket.label),
              answer.series.map(s => h('td', {class: 'num'}, formatted(s.values[i], s.unit, s.decimals, s.key?.currency))))))));
  const forecasts = (answer.forecasts || []).map(forecast => {
    const of = answer.series.find(s => s.metric === forecast.metric && JSON.stringify(s.key) === JSON.stringify(forecast.key));
    const name = of ? seriesName(of) : forecast.metric;
    return h('li', {}, forecast.note ? `${name}: ${forecast.note}`
        : `${name}: forecast trend ${forecast.trend}, next ${formatted(forecast.points[0]?.value, of?.unit, of?.decimals, of?.key?.currency)}`);
  });
  return [view, forecasts.length ? h('ul', {class: 'forecasts small'}, forecasts) : null];
}

function pie(answer) {
  const slices = answer.slices.filter(slice => slice.value !== null && Number(slice.value) !== 0);
  if (slices.length === 0) return empty('No data for this period.');
  const total = slices.reduce((sum, slice) => sum + Math.max(0, Number(slice.value)), 0);
  return h('ul', {class: 'bars breakdown-bars'}, slices.map(slice => {
    const share = total ? 100 * Math.max(0, Number(slice.value)) / total : 0;
    return h('li', {},
        h('span', {class: 'bar-label'}, slice.label),
        h('span', {class: 'share', role: 'presentation'}, h('span', {class: 'fill', style: `width: ${share.toFixed(1)}%`})),
        h('span', {class: 'bar-value'}, `${formatted(slice.value, answer.unit, null, slice.key?.currency)} (${percent(share)})`));
  }));
}

function table(answer) {
  if (answer.rows.length === 0) return empty('No data for this period.');
  const currencyColumn = answer.columns.findIndex(column => column.name === 'currency' && !column.unit);
  return h('div', {class: 'table-wrap'}, h('table', {},
      h('thead', {}, h('tr', {}, answer.columns.map(column => h('th', {scope: 'col', class: column.unit ? 'num' : null}, column.title)))),
      h('tbody', {}, answer.rows.map(row => h('tr', {}, row.map((cell, i) => {
        const column = answer.columns[i];
        if (!column.unit) return i === 0 ? h('th', {scope: 'row'}, cell ?? '–') : h('td', {}, cell ?? '–');
        return h('td', {class: 'num'}, formatted(cell, column.unit, column.decimals, currencyColumn >= 0 ? row[currencyColumn] : undefined));
      }))))));
}

// ---- Editing ----

/** The dashboard's definition as PUT takes it: only the fields of the request body (unknown ones are refused). */
function definition(dashboard) {
  const widget = w => {
    const copy = {id: w.id, title: w.title, type: w.type, position: {...w.position}};
    for (const field of ['query', 'saved_query', 'params', 'target', 'forecast']) {
      if (w[field] !== undefined && w[field] !== null) copy[field] = structuredClone(w[field]);
    }
    return copy;
  };
  return {
    name: dashboard.name,
    description: dashboard.description,
    visibility: dashboard.visibility,
    refresh_seconds: dashboard.refresh_seconds,
    filters: dashboard.filters.map(filter => ({name: filter.name, type: filter.type, default: filter.default})),
    widgets: dashboard.widgets.map(widget),
  };
}

function showEditor(main, path, dashboard) {
  clearInterval(refreshTimer);
  document.title = `Editing ${dashboard.name} · Tally console`;
  const draft = definition(dashboard);
  const board = h('div', {class: 'dash-grid editing', id: 'edit-grid', style: `grid-auto-rows: ${EDIT_ROW}px; gap: ${EDIT_GAP}px;`});
  const layout = h('div', {class: 'layout-fields', id: 'layout-fields'});
  const drag = {id: null, grabX: 0, grabY: 0};

  const drawBoard = () => {
    const bottom = Math.max(4, ...draft.widgets.map(w => w.position.y + w.position.h)) + 2;
    board.style.minHeight = `${bottom * (EDIT_ROW + EDIT_GAP)}px`;
    fill(board, ordered(draft.widgets).map(widget => h('div', {class: 'edit-tile', draggable: 'true', dataset: {widget: widget.id},
      style: placed(widget.position), title: `Drag ${widget.title} to another place`,
      ondragstart: event => {
        const cell = cellAt(board, event.clientX, event.clientY);
        drag.id = widget.id;
        drag.grabX = cell.x - widget.position.x;
        drag.grabY = cell.y - widget.position.y;
        event.dataTransfer.setData('text/plain', widget.id);
        event.dataTransfer.effectAllowed = 'move';
        event.currentTarget.classList.add('dragging');
      },
      ondragend: event => event.currentTarget.classList.remove('dragging'),
    },
    h('strong', {}, widget.title),
    h('span', {class: 'small'}, `${TYPES[widget.type] || widget.type} · x ${widget.position.x}, y ${widget.position.y}, ${widget.position.w} × ${widget.position.h}`))));
  };

  const drawLayout = () => {
    if (draft.widgets.length === 0) {
      fill(layout, empty('No widgets: add one below.'));
      return;
    }
    fill(layout, ordered(draft.widgets).map(widget => {
      const field = (key, text, min, max) => {
        const id = `pos-${widget.id}-${key}`;
        return h('div', {class: 'pos-field'}, h('label', {for: id}, text),
            h('input', {type: 'number', id, name: key, min, max, step: 1, required: true, value: widget.position[key], inputmode: 'numeric',
              onchange: event => {
                const value = Number.parseInt(event.target.value, 10);
                if (Number.isNaN(value)) return;
                widget.position[key] = value;
                drawBoard();
              }}));
      };
      return h('fieldset', {class: 'widget-fields', dataset: {widget: widget.id}},
          h('legend', {}, widget.title, h('span', {class: 'muted small'}, ` · ${TYPES[widget.type] || widget.type}`)),
          field('x', 'Column (x)', 0, COLUMNS - 1), field('y', 'Row (y)', 0, 1000), field('w', 'Width (w)', 1, COLUMNS), field('h', 'Height (h)', 1, 24),
          h('button', {type: 'button', class: 'secondary remove-widget', 'aria-label': `Remove ${widget.title}`, onclick: () => {
            draft.widgets = draft.widgets.filter(other => other !== widget);
            redraw();
            toast(`Removed “${widget.title}”: save to keep the change.`);
            layout.querySelector('input')?.focus();
          }}, 'Remove'));
    }));
  };

  const redraw = () => {
    drawBoard();
    drawLayout();
  };

  board.addEventListener('dragover', event => {
    if (!drag.id) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  });
  board.addEventListener('drop', event => {
    event.preventDefault();
    const widget = draft.widgets.find(w => w.id === drag.id);
    drag.id = null;
    if (!widget) return;
    const cell = cellAt(board, event.clientX, event.clientY);
    widget.position.x = Math.max(0, Math.min(COLUMNS - widget.position.w, cell.x - drag.grabX));
    widget.position.y = Math.max(0, cell.y - drag.grabY);
    redraw();
  });

  const save = h('button', {type: 'button', class: 'primary', id: 'save-dashboard', onclick: async () => {
    save.disabled = true;
    save.setAttribute('aria-busy', 'true');
    try {
      const saved = await api.put(path, draft);
      toast(`Saved “${saved.name}” (version ${saved.version}).`);
      showDashboard(main, path, saved);
    } catch (error) {
      if (error.status !== 401) toast(`Not saved: ${error.message}`, 'error');
    } finally {
      save.disabled = false;
      save.removeAttribute('aria-busy');
    }
  }}, 'Save');
  const cancel = h('button', {type: 'button', class: 'secondary', id: 'cancel-edit', onclick: () => showDashboard(main, path, dashboard)}, 'Cancel');

  fill(main,
      heading(dashboard),
      h('h2', {class: 'edit-title'}, 'Editing the layout'),
      h('p', {class: 'muted'}, 'Drag a widget to another place on the grid, or set its column, row, width and height in the fields below '
          + '(12 columns; widgets may not overlap). Nothing changes until you save.'),
      h('div', {class: 'toolbar dash-actions'}, save, cancel),
      board,
      h('h2', {}, 'Positions'),
      layout,
      addForm(draft, dashboard, widget => {
        draft.widgets.push(widget);
        redraw();
        toast(`Added “${widget.title}”: save to keep it.`);
      }));
  redraw();
}

/** The grid cell under a point of the editor's grid. */
function cellAt(board, clientX, clientY) {
  const box = board.getBoundingClientRect();
  const column = (box.width - (COLUMNS - 1) * EDIT_GAP) / COLUMNS;
  return {
    x: Math.max(0, Math.min(COLUMNS - 1, Math.floor((clientX - box.left) / (column + EDIT_GAP)))),
    y: Math.max(0, Math.floor((clientY - box.top) / (EDIT_ROW + EDIT_GAP))),
  };
}

/** All pages of a list (GET …?limit=200&cursor=…). */
async function all(path) {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get(path + api.query({limit: 200, cursor}));
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

function slug(title, taken) {
  const base = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'widget';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function addForm(draft, dashboard, add) {
  const title = h('input', {type: 'text', id: 'new-title', name: 'title', required: true, maxlength: 100, autocomplete: 'off'});
  const type = h('select', {id: 'new-type', name: 'type'}, Object.entries(TYPES).map(([value, text]) => h('option', {value}, text)));
  const source = h('select', {id: 'new-source', name: 'source'}, h('option', {value: 'metric'}, 'A metric'), h('option', {value: 'query'}, 'A saved query'));
  const metric = h('select', {id: 'new-metric', name: 'metric', required: true}, h('option', {value: ''}, 'Loading the metrics…'));
  const saved = h('select', {id: 'new-query', name: 'saved_query'}, h('option', {value: ''}, 'Loading the saved queries…'));
  const groupBy = h('input', {type: 'text', id: 'new-group', name: 'group_by', maxlength: 64, autocomplete: 'off', 'aria-describedby': 'new-group-help'});
  const target = h('input', {type: 'number', id: 'new-target', name: 'target', step: 'any', 'aria-describedby': 'new-target-help'});
  const metricField = h('div', {class: 'field'}, h('label', {for: 'new-metric'}, 'Metric'), metric);
  const queryField = h('div', {class: 'field', hidden: true}, h('label', {for: 'new-query'}, 'Saved query'), saved);
  const groupField = h('div', {class: 'field'}, h('label', {for: 'new-group'}, 'Group by (optional)'), groupBy,
      h('span', {class: 'help small', id: 'new-group-help'}, 'A dimension, such as outcome or agent'));
  const targetField = h('div', {class: 'field'}, h('label', {for: 'new-target'}, 'Target (optional)'), target,
      h('span', {class: 'help small', id: 'new-target-help'}, 'Cards and gauges only'));
  const queries = new Map();
  const sync = () => {
    const fromMetric = source.value === 'metric';
    metricField.hidden = !fromMetric;
    groupField.hidden = !fromMetric;
    queryField.hidden = fromMetric;
    metric.required = fromMetric;
    saved.required = !fromMetric;
    targetField.hidden = !['metric_card', 'gauge'].includes(type.value);
  };
  source.addEventListener('change', sync);
  type.addEventListener('change', sync);

  all('/api/v1/metrics').then(items => fill(metric, h('option', {value: ''}, 'Choose a metric'),
      items.map(item => h('option', {value: item.key}, `${item.name} (${item.key})`))))
      .catch(error => fill(metric, h('option', {value: ''}, `Metrics not loaded: ${error.message}`)));
  all('/api/v1/queries').then(items => {
    items.forEach(item => queries.set(item.id, item));
    fill(saved, items.length ? [h('option', {value: ''}, 'Choose a saved query'), items.map(item => h('option', {value: item.id}, item.name))]
        : h('option', {value: ''}, 'No saved queries'));
  }).catch(error => fill(saved, h('option', {value: ''}, `Saved queries not loaded: ${error.message}`)));

  // A new widget's query follows the dashboard's customer and period filters, as the default widgets do.
  const filterOf = kind => dashboard.filters.find(filter => filter.type === kind);

  const form = h('form', {class: 'panel add-widget', id: 'add-widget', 'aria-labelledby': 'add-widget-title', onsubmit: event => {
    event.preventDefault();
    if (draft.widgets.length >= MAX_WIDGETS) {
      toast(`A dashboard holds at most ${MAX_WIDGETS} widgets.`, 'error');
      return;
    }
    const kind = type.value;
    const widget = {id: slug(title.value, new Set(draft.widgets.map(w => w.id))), title: title.value.trim(), type: kind,
      position: {x: 0, y: Math.max(0, ...draft.widgets.map(w => w.position.y + w.position.h)),
        w: ['metric_card', 'gauge'].includes(kind) ? 3 : kind === 'table' ? 12 : 6, h: ['metric_card', 'gauge'].includes(kind) ? 2 : 4}};
    if (source.value === 'metric') {
      const query = {metric: metric.value};
      if (groupBy.value.trim()) query.group_by = [groupBy.value.trim()];
      if (kind === 'line' || kind === 'bar') query.bucket = 'day';
      const customer = filterOf('customer');
      const period = filterOf('period');
      if (customer) query.customer = `{{filters.${customer.name}}}`;
      if (period) query.period = `{{filters.${period.name}}}`;
      widget.query = query;
    } else {
      const chosenQuery = queries.get(saved.value);
      const params = {};
      for (const param of chosenQuery?.params || []) {
        const filter = filterOf(param.type);
        if (filter) params[param.name] = `{{filters.${filter.name}}}`;
      }
      widget.saved_query = saved.value;
      widget.params = params;
    }
    if (['metric_card', 'gauge'].includes(kind) && target.value !== '') widget.target = Number(target.value);
    add(widget);
    form.reset();
    sync();
    title.focus();
  }},
  h('h2', {id: 'add-widget-title'}, 'Add a widget'),
  h('div', {class: 'fields'},
      h('div', {class: 'field'}, h('label', {for: 'new-title'}, 'Title'), title),
      h('div', {class: 'field'}, h('label', {for: 'new-type'}, 'Type'), type),
      h('div', {class: 'field'}, h('label', {for: 'new-source'}, 'Answered by'), source),
      metricField, queryField, groupField, targetField),
  h('button', {type: 'submit', class: 'secondary', id: 'add-widget-button'}, 'Add widget'));
  sync();
  return form;
}

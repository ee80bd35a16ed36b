// Schedules: the tenant's scheduled deliveries, each with its next five fire times as the service computes them
// (none while paused), run now, pause and resume (managers), and its delivery log: every run with its files and each
// channel's attempts. Managers get a form for a new schedule of a report template or of a dashboard (its filters' values
// instead of a customer and period), which previews the next five fire times of its cron and timezone as they are typed
// (the service computes them, as it will once the schedule is saved); Edit loads a schedule into the same form and saves
// the whole definition back (what the form does not show, such as several channels or a template's other parameters,
// is sent back as it was, and the form says so); Delete asks first, in place.
// Calls: GET /api/v1/schedules, GET /api/v1/report-templates, GET /api/v1/dashboards, POST /api/v1/schedules/preview,
// POST /api/v1/schedules, GET /api/v1/schedules/{id}, PUT /api/v1/schedules/{id}, DELETE /api/v1/schedules/{id},
// POST /api/v1/schedules/{id}/run, /pause, /resume, GET /api/v1/schedules/{id}/runs and a run's files
// (GET /api/v1/schedules/{id}/runs/{run}/files/{format}).
import * as api from '../api.js';
import {deleteButton, editButton, editMode, editorSlot, offerSaved} from '../editing.js';
import {channel, channelTarget, channelText, errorLine, field, keptChannelsNote, onSubmit, select} from '../forms.js';
import {date, empty, failure, fill, h, label, loading, number, section, tenantContext, toast} from '../ui.js';

const FORMATS = ['pdf', 'csv', 'xlsx', 'html', 'json'];
const PERIODS = ['yesterday', 'last_7_days', 'last_week', 'last_30_days', 'last_month', 'this_month', 'this_quarter', 'last_12_months'];
/** The relative periods a dashboard's period filter takes (RelativePeriod on the server). */
const DASHBOARD_PERIODS = ['yesterday', 'last_7_days', 'last_30_days', 'last_week', 'this_month', 'last_month', 'this_quarter', 'year_to_date',
  'last_12_months'];
/** A template's parameters that name its period other than by `period`: the form keeps them unless a period is chosen. */
const PERIOD_KEYS = ['days', 'from', 'to', 'month'];
const DASHBOARD = 'dashboard:';
const CHANNELS = [['storage', 'Storage (files kept for the retention)'], ['email', 'E-mail'], ['webhook', 'Webhook']];
const FINISHED = ['succeeded', 'partially_failed', 'failed'];

export async function render(main) {
  document.title = 'Schedules · Tally console';
  const list = h('section', {id: 'schedules', 'aria-labelledby': 'schedules-title'});
  const saved = h('section', {class: 'panel', id: 'schedule-saved', 'aria-live': 'polite', hidden: true});
  let editor = null;
  // the dashboards the form offers and the cards name (a card of a dashboard no longer there shows its id)
  const dashboards = api.get('/api/v1/dashboards?limit=200');
  const load = () => section(list, async () => {
    const [page, boards] = await Promise.all([api.get('/api/v1/schedules?limit=200'), dashboards.catch(() => ({items: []}))]);
    return {page, names: new Map(boards.items.map(d => [`${DASHBOARD}${d.id}`, d.name]))};
  }, ({page, names}) => listView(page, names, load, editor, saved));
  // the form's place, filled once the report templates and the dashboards it offers are read
  editor = api.hasRole('manager') ? editorSlot('Loading the report templates and dashboards…', async () => {
    const [templates, boards] = await Promise.all([api.get('/api/v1/report-templates?limit=200'), dashboards]);
    return scheduleForm(templates.items, boards, saved, load);
  }) : null;
  fill(main, h('h1', {}, 'Schedules'),
      h('p', {class: 'muted'}, 'Reports and dashboards delivered on a cron in a timezone, by e-mail, webhook or into the export store.'),
      editor?.element, saved, list);
  await load();
}

/** A fire time (RFC 3339 with the schedule's offset) as the tenant's locale writes it, in the schedule's timezone. */
function fireTime(value, timezone) {
  const options = {weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'};
  try {
    return new Intl.DateTimeFormat(tenantContext().locale, {...options, timeZone: timezone}).format(new Date(value));
  } catch {
    return value;
  }
}

function nextRunsList(schedule, id) {
  if (!schedule.next_runs?.length) return empty(schedule.enabled ? 'No fire time ahead.' : 'Paused: no fire times until it is resumed.');
  return h('ol', {class: 'next-runs', id}, schedule.next_runs.map(at => h('li', {}, h('time', {datetime: at}, fireTime(at, schedule.timezone)))));
}

/**
 * The next fire times of the form's cron in its timezone, asked of the service a moment after either field changes; only
 * the answer to the latest question is shown, and a refusal shows its detail (naming the field) in place.
 */
function nextRunsPreview(cron, timezone) {
  const region = h('div', {class: 'span-all next-runs-preview', id: 'schedule-preview', 'aria-live': 'polite'});
  let asked = 0;
  let timer = null;
  const ask = async () => {
    const question = ++asked;
    const timing = {cron: cron.value.trim(), timezone: timezone.value.trim()};
    if (!timing.cron || !timing.timezone) {
      fill(region, empty('Enter a cron and a timezone to see the next fire times.'));
      return;
    }
    fill(region, loading('Working out the next fire times…'));
    try {
      const preview = await api.post('/api/v1/schedules/preview', timing);
      if (question !== asked) return;
      fill(region, h('p', {class: 'help'}, `Next fire times of ${preview.cron} in ${preview.timezone}:`),
          nextRunsList({...preview, enabled: true}, 'preview-next-runs'));
    } catch (error) {
      if (question !== asked) return;
      fill(region, h('p', {class: 'state error'}, error.message));
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(ask, 300);
  };
  cron.addEventListener('input', later);
  timezone.addEventListener('input', later);
  ask();
  return region;
}

/** "key: value · key: value", or '–'. */
function paramsText(params) {
  return Object.entries(params || {}).map(([k, v]) => `${k}: ${v}`).join(' · ') || '–';
}

/** The schedule form (managers): a new schedule, or a schedule's edit ({element, edit, forget}). */
function scheduleForm(templates, dashboardPage, saved, load) {
  const dashboards = dashboardPage.items;
  const dashboardOf = value => value.startsWith(DASHBOARD) ? dashboards.find(d => `${DASHBOARD}${d.id}` === value) : undefined;

  const name = h('input', {id: 'schedule-name', required: true, maxlength: 200, autocomplete: 'off'});
  const problem = errorLine('schedule-error');
  // editing is the schedule as GET answered it, while the form edits it
  const mode = editMode({titleId: 'schedule-form-title', newTitle: 'New schedule', cancelId: 'schedule-cancel', first: name, problem,
    reset: newSchedule});
  const asSaved = h('optgroup', {label: 'As saved'});
  const report = h('select', {id: 'schedule-report', name: 'schedule-report'},
      h('optgroup', {label: 'Report templates'},
          templates.map(t => h('option', {value: t.key}, `${t.title} (${t.key}, about ${t.scope === 'customer' ? 'a customer' : 'the tenant'})`))),
      dashboards.length ? h('optgroup', {label: 'Dashboards'}, dashboards.map(d => h('option', {value: `${DASHBOARD}${d.id}`}, `Dashboard: ${d.name}`))) : null);
  const customer = h('input', {id: 'schedule-customer', autocomplete: 'off'});
  const period = select('schedule-period', PERIODS.map(p => [p, label(p)]), 'last_7_days');
  const formats = FORMATS.map(format => h('input', {type: 'checkbox', id: `schedule-format-${format}`, value: format, checked: format === 'pdf'}));
  const cron = h('input', {id: 'schedule-cron', required: true, value: '0 9 * * 1', autocomplete: 'off', spellcheck: 'false'});
  const timezone = h('input', {id: 'schedule-timezone', required: true, value: tenantContext().timezone, autocomplete: 'off'});
  const kind = select('schedule-channel', CHANNELS, 'storage');
  const kindField = field('Channel', kind);
  const target = h('input', {id: 'schedule-target', autocomplete: 'off'});
  const targetField = field('Send to', target, 'E-mail: addresses, comma-separated (up to 20). Webhook: an https URL.');
  const retention = h('input', {id: 'schedule-retention', type: 'number', min: 1, max: 90, value: 7, inputmode: 'numeric'});
  const customerField = field('Customer', customer, 'The customer\'s id, for a report about a customer.');
  const periodField = field('Period', period, 'Resolved at each fire time.');
  const reportField = field('Report', report, dashboardPage.next_cursor ? 'Only the first 200 dashboards are offered.' : null);
  reportField.classList.add('wide');
  const filters = h('fieldset', {class: 'span-all schedule-filters', id: 'schedule-filters', hidden: true});
  const kept = h('div', {class: 'span-all kept', id: 'schedule-kept', hidden: true});
  let filtersOf = null; // the report whose filter fields are shown

  /** The dashboard's filters as fields, each empty for its default; values are those saved when the schedule is of it. */
  const showFilters = dashboard => {
    const editing = mode.editing;
    const values = editing && editing.report === report.value ? editing.params : {};
    fill(filters, h('legend', {}, `Filters of “${dashboard.name}”`),
        dashboard.filters.length === 0 ? h('p', {class: 'help'}, 'This dashboard has no filters: it is sent as it is.') : null,
        dashboard.filters.map((filter, index) => {
          const id = `schedule-filter-${index}`;
          const value = values[filter.name] === undefined ? '' : String(values[filter.name]);
          let control;
          let help = null;
          if (filter.type === 'period') {
            // as the dashboard's page offers them: without a default, a widget's period is the last 30 days
            const periods = DASHBOARD_PERIODS.includes(value) || !value ? DASHBOARD_PERIODS : [...DASHBOARD_PERIODS, value];
            control = select(id, [['', `Default (${filter.default ? label(filter.default) : 'last 30 days'})`], ...periods.map(p => [p, label(p)])], value);
          } else {
            control = h('input', {id, value, autocomplete: 'off', maxlength: 200});
            help = `Empty: ${filter.default ? `the dashboard's default (${filter.default})` : filter.type === 'customer' ? 'all customers' : 'not filtered'}.`;
          }
          control.dataset.filter = filter.name;
          return field(label(filter.name), control, help);
        }));
  };

  /**
   * The saved parameters the form does not show: kept as they are while the report is the saved one. A template's period
   * is shown (days, from and to or month as the period "as saved"), as are its customer and a dashboard's filters.
   */
  const hiddenParams = () => {
    const editing = mode.editing;
    if (!editing) return {};
    const params = {...editing.params};
    const dashboard = dashboardOf(editing.report);
    const template = templates.find(t => t.key === editing.report);
    if (dashboard) {
      dashboard.filters.forEach(filter => delete params[filter.name]);
    } else if (template) {
      ['period', ...PERIOD_KEYS].forEach(key => delete params[key]);
      if (template.scope === 'customer') delete params.customer;
    }
    return params;
  };

  const layout = () => {
    const dashboard = dashboardOf(report.value);
    const template = templates.find(t => t.key === report.value);
    const editing = mode.editing;
    const several = editing && editing.channels.length > 1;
    kindField.hidden = several;
    targetField.hidden = several || kind.value === 'storage';
    target.required = !targetField.hidden;
    customerField.hidden = template?.scope !== 'customer';
    customer.required = !customerField.hidden;
    periodField.hidden = !template;
    filters.hidden = !dashboard;
    if (dashboard && filtersOf !== report.value) showFilters(dashboard);
    filtersOf = dashboard ? report.value : null;
    const notes = [keptChannelsNote(editing?.channels)].filter(Boolean);
    const others = hiddenParams();
    if (Object.keys(others).length) {
      notes.push(h('p', {}, editing.report === report.value
          ? `Parameters the form does not show are kept as saved: ${paramsText(others)}.`
          : `Another report leaves out the saved report's other parameters (${paramsText(others)}).`));
    }
    if (editing && !editing.enabled) notes.push(h('p', {}, 'The schedule is paused and stays paused: Resume is on its card.'));
    fill(kept, notes);
    kept.hidden = notes.length === 0;
  };
  kind.addEventListener('change', layout);
  report.addEventListener('change', layout);
  period.addEventListener('change', layout);

  const button = h('button', {type: 'submit', class: 'primary', id: 'schedule-save'}, 'Save schedule');
  const form = h('form', {class: 'panel form-grid', id: 'schedule-form', 'aria-labelledby': 'schedule-form-title'},
      mode.title,
      field('Name', name), reportField, customerField, periodField, filters,
      h('fieldset', {class: 'checks'}, h('legend', {}, 'Formats'), formats.map(box => h('label', {class: 'check'}, box, box.value.toUpperCase()))),
      field('Cron', cron, 'Minute, hour, day of month, month, day of week: 0 9 * * 1 is Mondays at 09:00.'),
      field('Timezone', timezone, 'An IANA name, such as Europe/Berlin.'),
      kindField, targetField, field('Keep files (days)', retention), kept,
      nextRunsPreview(cron, timezone),
      h('div', {class: 'span-all actions'}, button, mode.cancel), h('div', {class: 'span-all'}, problem));
  const previewAgain = () => cron.dispatchEvent(new Event('input'));

  /** The fields of a new schedule. */
  function newSchedule() {
    name.value = '';
    report.selectedIndex = 0;
    customer.value = '';
    period.value = 'last_7_days';
    formats.forEach(box => box.checked = box.value === 'pdf');
    cron.value = '0 9 * * 1';
    timezone.value = tenantContext().timezone;
    kind.value = 'storage';
    target.value = '';
    retention.value = 7;
    filtersOf = null;
    layout();
    previewAgain();
  }

  /** The schedule's fields, from the schedule as GET answered it. */
  const edit = (schedule, from) => mode.edit(schedule, from, `Edit schedule “${schedule.name}”`, () => {
    name.value = schedule.name;
    const template = templates.find(t => t.key === schedule.report);
    if (template || dashboardOf(schedule.report)) report.value = schedule.report;
    else offerSaved(report, schedule.report, `${schedule.report} (as saved)`, asSaved);
    const values = schedule.params || {};
    customer.value = values.customer ?? '';
    if (values.period) {
      offerSaved(period, values.period, label(values.period));
    } else if (template) {
      // days, from and to, month, or none (the template's own default): sent back as they are unless a period is chosen
      const given = Object.fromEntries(PERIOD_KEYS.filter(key => values[key] !== undefined).map(key => [key, values[key]]));
      offerSaved(period, '', `As saved (${Object.keys(given).length ? paramsText(given) : 'the report\'s default period'})`);
    }
    formats.forEach(box => box.checked = schedule.formats.includes(box.value));
    cron.value = schedule.cron;
    timezone.value = schedule.timezone;
    if (schedule.channels.length === 1) {
      kind.value = schedule.channels[0].type;
      target.value = channelTarget(schedule.channels[0]);
    }
    retention.value = schedule.retention_days;
    filtersOf = null;
    layout();
    previewAgain();
  });

  /** The params the form stands for: the saved ones it does not show (same report), then its own fields. */
  const params = () => {
    const editing = mode.editing;
    const same = editing && editing.report === report.value;
    const values = same ? {...editing.params} : {};
    const dashboard = dashboardOf(report.value);
    const template = templates.find(t => t.key === report.value);
    if (dashboard) {
      filters.querySelectorAll('[data-filter]').forEach(control => {
        const value = control.value.trim();
        if (value) values[control.dataset.filter] = value;
        else delete values[control.dataset.filter];
      });
    } else if (template) {
      if (period.value) {
        PERIOD_KEYS.forEach(key => delete values[key]);
        values.period = period.value;
      }
      if (template.scope === 'customer') values.customer = customer.value.trim();
    }
    return values;
  };

  onSubmit(form, button, problem, async () => {
    const editing = mode.editing;
    const definition = {
      name: name.value.trim(), report: report.value, params: params(),
      formats: formats.filter(box => box.checked).map(box => box.value),
      cron: cron.value.trim(), timezone: timezone.value.trim(),
      channels: editing && editing.channels.length > 1 ? editing.channels : [channel(kind.value, target.value)],
      retention_days: Number(retention.value || 7),
    };
    // a change sends back what GET gave (enabled, …; the service ignores id, version, next_runs and who and when)
    const result = editing
        ? await api.put(`/api/v1/schedules/${encodeURIComponent(editing.id)}`, {...editing, ...definition})
        : await api.post('/api/v1/schedules', definition);
    toast(editing ? `Saved the changes to “${result.name}” (version ${number(result.version, 0)}).` : `Saved the schedule “${result.name}”.`);
    fill(saved, h('h2', {}, `Saved: ${result.name}`),
        h('p', {}, `Next fire times of ${result.cron} in ${result.timezone}:`), nextRunsList(result, 'saved-next-runs'));
    saved.dataset.schedule = result.id;
    saved.hidden = false;
    if (editing) mode.startNew();
    else name.value = '';
    await load();
  });

  layout();
  return {element: form, edit, forget: mode.forget};
}

function listView(page, names, load, editor, saved) {
  const heading = h('h2', {id: 'schedules-title'}, `Schedules (${number(page.items.length, 0)})`);
  if (page.items.length === 0) return [heading, empty('No schedules yet.' + (api.hasRole('manager') ? ' Add one with the form above.' : ''))];
  return [heading, h('div', {class: 'schedule-list'}, page.items.map(schedule => scheduleCard(schedule, names.get(schedule.report), load, editor, saved))),
    page.next_cursor ? h('p', {class: 'muted'}, 'Only the first 200 schedules are listed.') : null];
}

function scheduleCard(schedule, dashboardName, load, editor, saved) {
  const base = `/api/v1/schedules/${encodeURIComponent(schedule.id)}`;
  const titleId = `schedule-${schedule.id}-title`;
  const log = h('div', {class: 'runs'});
  const details = h('details', {class: 'delivery-log'}, h('summary', {}, 'Delivery log'), log);
  const showRuns = () => section(log, () => api.get(`${base}/runs?limit=20`), runs => runsView(runs));
  details.addEventListener('toggle', () => {
    if (details.open) showRuns();
  });
  const act = (text, path, done) => h('button', {type: 'button', class: 'secondary', dataset: {action: text.toLowerCase().replace(/ /g, '-')},
    'aria-describedby': titleId, onclick: async event => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        const answer = await api.post(`${base}/${path}`);
        await done(answer);
      } catch (error) {
        if (error.status !== 401) toast(error.message, 'error');
      } finally {
        button.disabled = false;
      }
    }}, text);
  const manager = api.hasRole('manager');
  const edit = manager ? editButton({describedBy: titleId, read: () => api.get(base),
    open: async (current, button) => (await editor.ready)?.edit(current, button)}) : null;
  const remove = manager ? deleteButton({id: `schedule-${schedule.id}`, describedBy: titleId,
    question: `Delete “${schedule.name}” with its runs and their files?`,
    remove: async () => {
      await api.del(base);
      toast(`Deleted the schedule “${schedule.name}”.`);
      (await editor.ready)?.forget(schedule.id);
      if (saved.dataset.schedule === schedule.id) saved.hidden = true;
      await load();
    }}) : null;
  const actions = manager ? h('div', {class: 'actions'},
      act('Run now', 'run', async run => {
        toast(`Run queued (${run.trigger}).`);
        details.open = true;
        await followRun(base, run.id, log);
      }),
      schedule.enabled
          ? act('Pause', 'pause', async () => {
            toast(`Paused “${schedule.name}”.`);
            await load();
          })
          : act('Resume', 'resume', async () => {
            toast(`Resumed “${schedule.name}”.`);
            await load();
          }),
      edit, remove) : null;
  return h('article', {class: 'card schedule', dataset: {schedule: schedule.id}, 'aria-labelledby': titleId},
      h('div', {class: 'title-row'}, h('h3', {id: titleId}, schedule.name),
          h('span', {class: `badge ${schedule.enabled ? 'active' : 'paused'}`}, schedule.enabled ? 'active' : 'paused')),
      h('dl', {class: 'facts'},
          h('dt', {}, 'Report'), h('dd', {}, dashboardName ? [`Dashboard “${dashboardName}” `, h('code', {class: 'small'}, schedule.report)]
              : h('code', {}, schedule.report)),
          h('dt', {}, 'Parameters'), h('dd', {}, Object.entries(schedule.params || {}).map(([k, v]) => `${k}: ${v}`).join(' · ') || '–'),
          h('dt', {}, 'Formats'), h('dd', {}, schedule.formats.map(f => f.toUpperCase()).join(', ')),
          h('dt', {}, 'When'), h('dd', {}, h('code', {}, schedule.cron), ` in ${schedule.timezone}`),
          h('dt', {}, 'Channels'), h('dd', {}, schedule.channels.map(channelText).join(' · ')),
          h('dt', {}, 'Files kept'), h('dd', {}, `${number(schedule.retention_days, 0)} days`),
          h('dt', {}, 'Changed'), h('dd', {}, `${date(schedule.updated_at)} by ${schedule.updated_by} (version ${schedule.version})`)),
      h('h4', {}, 'Next runs'), nextRunsList(schedule, `next-runs-${schedule.id}`),
      actions, details);
}

/** Shows the log while a run started by hand is queued, running or delivering (every 1.5 s, for up to 2 minutes). */
async function followRun(base, runId, log) {
  const end = Date.now() + 120000;
  while (true) {
    let runs;
    try {
      runs = await api.get(`${base}/runs?limit=20`);
    } catch (error) {
      fill(log, failure(error));
      return;
    }
    fill(log, runsView(runs));
    const run = runs.items.find(item => item.id === runId);
    if (!run || FINISHED.includes(run.status) || Date.now() > end) return;
    await new Promise(resolve => setTimeout(resolve, 1500));
  }
}

function runsView(runs) {
  if (runs.items.length === 0) return empty('No runs yet.');
  return h('ol', {class: 'run-list'}, runs.items.map(run => h('li', {class: 'run', dataset: {run: run.id, status: run.status}},
      h('div', {class: 'run-head'},
          h('strong', {}, date(run.fire_time)), ' ',
          h('span', {class: `badge ${run.status}`}, label(run.status)), ' ',
          h('span', {class: 'muted'}, `${run.trigger === 'manual' ? 'run by hand' : 'on the cron'}`
              + (run.period ? ` · ${run.period.from} – ${run.period.to}` : '') + (run.attempts > 1 ? ` · ${run.attempts} attempts` : ''))),
      run.error ? h('p', {class: 'run-error'}, run.error) : null,
      run.files.length ? h('ul', {class: 'files'}, run.files.map(file => h('li', {},
          file.expired ? `${file.file_name} (expired)` : h('button', {type: 'button', class: 'link-button', onclick: async () => {
            try {
              await api.download(file.url, file.file_name);
            } catch (error) {
              if (error.status !== 401) toast(error.message, 'error');
            }
          }}, file.file_name),
          h('span', {class: 'muted'}, ` ${number(file.bytes / 1024, 1)} KiB`)))) : null,
      run.deliveries.length ? h('ul', {class: 'deliveries'}, run.deliveries.map(delivery => {
        const last = delivery.attempts[delivery.attempts.length - 1];
        return h('li', {},
            h('span', {class: `badge ${delivery.status}`}, label(delivery.status)), ' ', channelText(delivery.channel),
            last ? h('span', {class: 'muted'}, ` · attempt ${last.attempt}, ${date(last.at)}: ${last.error || last.reply || last.outcome}`) : null,
            delivery.next_attempt_at ? h('span', {class: 'muted'}, ` · next attempt ${date(delivery.next_attempt_at)}`) : null);
      })) : null)),
  runs.next_cursor ? h('li', {class: 'muted'}, 'Older runs are not listed.') : null);
}

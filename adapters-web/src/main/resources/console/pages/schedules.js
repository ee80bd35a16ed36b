// Schedules: the tenant's scheduled deliveries, each with its next five fire times as the service computes them
// (none while paused), run now, pause and resume (managers), and its delivery log: every run with its files and each
// channel's attempts. Managers get a form for a new schedule of a report template, which previews the next five fire
// times of its cron and timezone as they are typed (the service computes them, as it will once the schedule is saved).
// Calls: GET /api/v1/schedules, GET /api/v1/report-templates, POST /api/v1/schedules/preview, POST /api/v1/schedules,
// POST /api/v1/schedules/{id}/run, /pause, /resume, GET /api/v1/schedules/{id}/runs and a run's files
// (GET /api/v1/schedules/{id}/runs/{run}/files/{format}).
import * as api from '../api.js';
import {channel, channelText, errorLine, field, onSubmit, select} from '../forms.js';
import {date, empty, failure, fill, h, label, loading, number, section, tenantContext, toast} from '../ui.js';

const FORMATS = ['pdf', 'csv', 'xlsx', 'html', 'json'];
const PERIODS = ['yesterday', 'last_7_days', 'last_week', 'last_30_days', 'last_month', 'this_month', 'this_quarter', 'last_12_months'];
const CHANNELS = [['storage', 'Storage (files kept for the retention)'], ['email', 'E-mail'], ['webhook', 'Webhook']];
const FINISHED = ['succeeded', 'partially_failed', 'failed'];

export async function render(main) {
  document.title = 'Schedules · Tally console';
  const list = h('section', {id: 'schedules', 'aria-labelledby': 'schedules-title'});
  const saved = h('section', {class: 'panel', id: 'schedule-saved', 'aria-live': 'polite', hidden: true});
  const load = () => section(list, () => api.get('/api/v1/schedules?limit=200'), page => listView(page, load));
  fill(main, h('h1', {}, 'Schedules'),
      h('p', {class: 'muted'}, 'Reports delivered on a cron in a timezone, by e-mail, webhook or into the export store.'),
      api.hasRole('manager') ? scheduleFormSection(saved, load) : null, saved, list);
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

function scheduleFormSection(saved, load) {
  const holder = h('div', {}, loading('Loading the report templates…'));
  api.get('/api/v1/report-templates?limit=200')
      .then(page => fill(holder, scheduleForm(page.items, saved, load)))
      .catch(error => fill(holder, failure(error)));
  return holder;
}

function scheduleForm(templates, saved, load) {
  const name = h('input', {id: 'schedule-name', required: true, maxlength: 200, autocomplete: 'off'});
  const report = select('schedule-report', templates.map(t => [t.key, `${t.title} (${t.key}, about ${t.scope === 'customer' ? 'a customer' : 'the tenant'})`]));
  const customer = h('input', {id: 'schedule-customer', autocomplete: 'off'});
  const period = select('schedule-period', PERIODS.map(p => [p, label(p)]), 'last_7_days');
  const formats = FORMATS.map(format => h('input', {type: 'checkbox', id: `schedule-format-${format}`, value: format, checked: format === 'pdf'}));
  const cron = h('input', {id: 'schedule-cron', required: true, value: '0 9 * * 1', autocomplete: 'off', spellcheck: 'false'});
  const timezone = h('input', {id: 'schedule-timezone', required: true, value: tenantContext().timezone, autocomplete: 'off'});
  const kind = select('schedule-channel', CHANNELS, 'storage');
  const target = h('input', {id: 'schedule-target', autocomplete: 'off'});
  const targetField = field('Send to', target, 'E-mail: addresses, comma-separated (up to 20). Webhook: an https URL.');
  const retention = h('input', {id: 'schedule-retention', type: 'number', min: 1, max: 90, value: 7, inputmode: 'numeric'});
  const customerField = field('Customer', customer, 'The customer\'s id, for a report about a customer.');
  const layout = () => {
    targetField.hidden = kind.value === 'storage';
    target.required = kind.value !== 'storage';
    const template = templates.find(t => t.key === report.value);
    customerField.hidden = template?.scope !== 'customer';
    customer.required = template?.scope === 'customer';
  };
  kind.addEventListener('change', layout);
  report.addEventListener('change', layout);
  layout();
  const problem = errorLine('schedule-error');
  const button = h('button', {type: 'submit', class: 'primary', id: 'schedule-save'}, 'Save schedule');
  const form = h('form', {class: 'panel form-grid', id: 'schedule-form', 'aria-labelledby': 'schedule-form-title'},
      h('h2', {id: 'schedule-form-title', class: 'span-all'}, 'New schedule'),
      field('Name', name), field('Report', report), customerField, field('Period', period, 'Resolved at each fire time.'),
      h('fieldset', {class: 'checks'}, h('legend', {}, 'Formats'), formats.map(box => h('label', {class: 'check'}, box, box.value.toUpperCase()))),
      field('Cron', cron, 'Minute, hour, day of month, month, day of week: 0 9 * * 1 is Mondays at 09:00.'),
      field('Timezone', timezone, 'An IANA name, such as Europe/Berlin.'),
      field('Channel', kind), targetField, field('Keep files (days)', retention),
      nextRunsPreview(cron, timezone),
      h('div', {class: 'span-all actions'}, button), h('div', {class: 'span-all'}, problem));
  onSubmit(form, button, problem, async () => {
    const params = {period: period.value};
    const template = templates.find(t => t.key === report.value);
    if (template?.scope === 'customer') params.customer = customer.value.trim();
    const chosen = channel(kind.value, target.value);
    const created = await api.post('/api/v1/schedules', {
      name: name.value.trim(), report: report.value, params,
      formats: formats.filter(box => box.checked).map(box => box.value),
      cron: cron.value.trim(), timezone: timezone.value.trim(), channels: [chosen],
      retention_days: Number(retention.value || 7),
    });
    toast(`Saved the schedule “${created.name}”.`);
    fill(saved, h('h2', {}, `Saved: ${created.name}`),
        h('p', {}, `Next fire times of ${created.cron} in ${created.timezone}:`), nextRunsList(created, 'saved-next-runs'));
    saved.hidden = false;
    name.value = '';
    await load();
  });
  return form;
}

function listView(page, load) {
  const heading = h('h2', {id: 'schedules-title'}, `Schedules (${number(page.items.length, 0)})`);
  if (page.items.length === 0) return [heading, empty('No schedules yet.' + (api.hasRole('manager') ? ' Add one with the form above.' : ''))];
  return [heading, h('div', {class: 'schedule-list'}, page.items.map(schedule => scheduleCard(schedule, load))),
    page.next_cursor ? h('p', {class: 'muted'}, 'Only the first 200 schedules are listed.') : null];
}

function scheduleCard(schedule, load) {
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
  const actions = api.hasRole('manager') ? h('div', {class: 'actions'},
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
          })) : null;
  return h('article', {class: 'card schedule', dataset: {schedule: schedule.id}, 'aria-labelledby': titleId},
      h('div', {class: 'title-row'}, h('h3', {id: titleId}, schedule.name),
          h('span', {class: `badge ${schedule.enabled ? 'active' : 'paused'}`}, schedule.enabled ? 'active' : 'paused')),
      h('dl', {class: 'facts'},
          h('dt', {}, 'Report'), h('dd', {}, h('code', {}, schedule.report)),
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

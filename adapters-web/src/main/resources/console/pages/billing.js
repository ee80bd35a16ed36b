// Billing (analysts and above, tenant-wide tokens): MRR per calendar month for each currency, as a chart and a table
// of its movements (new, expansion, contraction, churn, reactivation), and a period's billing summary: revenue
// (gross, refunds, net), MRR at its start and end with the movements between, paying customers, ARPU and MRR by plan.
// Every amount is shown in its own currency, in the tenant's locale.
// Calls: GET /api/v1/billing/mrr?months=, GET /api/v1/billing/summary?period= (or ?month=).
import * as api from '../api.js';
import {monthChart} from '../chart.js';
import {date, empty, fill, h, money, number, percent, section, tenantContext} from '../ui.js';

const MONTHS = [6, 12, 24, 36];
const PERIODS = [
  ['last_30_days', 'Last 30 days'],
  ['this_month', 'This month'],
  ['last_month', 'Last month'],
  ['this_quarter', 'This quarter'],
  ['year_to_date', 'Year to date'],
];
const MOVEMENTS = [
  ['new', 'New'],
  ['expansion', 'Expansion'],
  ['contraction', 'Contraction'],
  ['churn', 'Churn'],
  ['reactivation', 'Reactivation'],
];
const state = {months: 12, period: 'last_30_days'};

export async function render(main) {
  document.title = 'Billing · Tally console';
  const mrr = h('div', {id: 'mrr', 'aria-live': 'polite'});
  const summary = h('div', {id: 'summary', 'aria-live': 'polite'});
  const loadMrr = () => section(mrr, () => api.get('/api/v1/billing/mrr' + api.query({months: state.months})), mrrView);
  const loadSummary = () => section(summary, () => api.get('/api/v1/billing/summary' + api.query({period: state.period})), summaryView);

  const months = h('select', {id: 'mrr-months', name: 'months', onchange: event => {
    state.months = Number(event.target.value);
    loadMrr();
  }}, MONTHS.map(value => h('option', {value, selected: value === state.months}, `${value} months`)));
  const period = h('select', {id: 'summary-period', name: 'period', onchange: event => {
    state.period = event.target.value;
    loadSummary();
  }}, PERIODS.map(([value, text]) => h('option', {value, selected: value === state.period}, text)));

  fill(main,
      h('h1', {}, 'Billing'),
      h('section', {class: 'panel', 'aria-labelledby': 'mrr-title'},
          h('div', {class: 'panel-head'},
              h('h2', {id: 'mrr-title'}, 'Monthly recurring revenue'),
              h('div', {class: 'field inline'}, h('label', {for: 'mrr-months'}, 'Show'), months)),
          mrr),
      h('section', {class: 'panel', 'aria-labelledby': 'summary-title'},
          h('div', {class: 'panel-head'},
              h('h2', {id: 'summary-title'}, 'Revenue and movements'),
              h('div', {class: 'field inline'}, h('label', {for: 'summary-period'}, 'Period'), period)),
          summary));
  await Promise.all([loadMrr(), loadSummary()]);
}

/** The amount of a currency in a list of money ({amount, currency}), or null when the list lacks it. */
function amountIn(list, currency) {
  return (list || []).find(item => item.currency === currency)?.amount ?? null;
}

function currencies(lists) {
  return [...new Set(lists.flatMap(list => (list || []).map(item => item.currency)))].sort();
}

function monthName(month) {
  return new Intl.DateTimeFormat(tenantContext().locale, {month: 'long', year: 'numeric', timeZone: 'UTC'}).format(new Date(`${month}-01T00:00:00Z`));
}

function moneyCell(amount, currency, id) {
  const value = amount === null ? null : Number(amount);
  return h('td', {class: `num${value < 0 ? ' negative' : ''}`, id, dataset: {amount: amount ?? ''}}, money(amount, currency));
}

function mrrView(series) {
  const months = series.months;
  const all = currencies(months.map(month => month.mrr.end));
  if (all.length === 0) {
    return empty('No MRR yet: it appears once your billing system sends subscriptions.');
  }
  const last = months[months.length - 1];
  return [
    h('p', {class: 'muted'}, `Months in ${series.timezone}; the current month is measured until ${date(last.measured_until)}. `
        + `Paying customers now: ${number(last.paying_customers, 0)}.`),
    all.map(currency => h('article', {class: 'currency-block', id: `mrr-${currency}`, 'aria-labelledby': `mrr-${currency}-title`},
        h('h3', {id: `mrr-${currency}-title`}, `MRR in ${currency}`),
        h('p', {class: 'headline'}, h('span', {class: 'muted'}, 'Now '), h('strong', {class: 'mrr-now'}, money(amountIn(last.mrr.end, currency), currency))),
        monthChart(`MRR in ${currency}`, months.map(month => month.month),
            [{name: `MRR (${currency})`, values: months.map(month => amountIn(month.mrr.end, currency))}], 'line', value => money(value, currency)),
        scroller(h('table', {class: 'mrr-table', id: `mrr-table-${currency}`},
            h('caption', {class: 'sr-only'}, `MRR in ${currency} per month, with its movements`),
            h('thead', {}, h('tr', {}, ['Month', 'Start', ...MOVEMENTS.map(([, name]) => name), 'End', 'Paying customers']
                .map(name => h('th', {scope: 'col'}, name)))),
            h('tbody', {}, months.slice().reverse().map(month => h('tr', {dataset: {month: month.month}},
                h('th', {scope: 'row'}, monthName(month.month)),
                moneyCell(amountIn(month.mrr.start, currency), currency),
                MOVEMENTS.map(([key]) => moneyCell(amountIn(month.mrr[key], currency), currency)),
                h('td', {class: 'num end', dataset: {amount: amountIn(month.mrr.end, currency) ?? ''}}, h('strong', {}, money(amountIn(month.mrr.end, currency), currency))),
                h('td', {class: 'num'}, number(month.paying_customers, 0))))))))),
  ];
}

function summaryView(summary) {
  const revenue = summary.total_revenue;
  const all = currencies([revenue.gross, revenue.net, summary.mrr.start, summary.mrr.end]);
  const moneyList = list => (list.length === 0 ? '–' : list.map(item => money(item.amount, item.currency)).join(' · '));
  return [
    h('p', {class: 'muted', id: 'summary-period-line'}, `${date(summary.period.from)} – ${date(summary.period.to)} (${summary.period.timezone}), `
        + `measured until ${date(summary.measured_until)}`),
    h('section', {class: 'cards', 'aria-label': 'Customers'},
        card('New sign-ups', number(summary.new_signups, 0), 'new_signups'),
        card('Churned customers', number(summary.churned_customers, 0), 'churned_customers'),
        card('Customer churn rate', percent(summary.customer_churn_rate), 'customer_churn_rate'),
        card('Paying customers', `${number(summary.paying_customers_at_start, 0)} → ${number(summary.paying_customers_at_end, 0)}`, 'paying_customers'),
        card('ARPU', moneyList(summary.arpu), 'arpu')),
    all.length === 0 ? empty('No revenue and no MRR in this period.') : [
      h('h3', {}, 'Revenue'),
      scroller(h('table', {id: 'revenue'},
          h('caption', {class: 'sr-only'}, 'Revenue in the period per currency'),
          h('thead', {}, h('tr', {}, ['Currency', 'Gross', 'Refunds', 'Net'].map(name => h('th', {scope: 'col'}, name)))),
          h('tbody', {}, currencies([revenue.gross, revenue.refunds, revenue.net]).map(currency => h('tr', {dataset: {currency}},
              h('th', {scope: 'row'}, currency),
              moneyCell(amountIn(revenue.gross, currency), currency),
              moneyCell(amountIn(revenue.refunds, currency), currency),
              h('td', {class: 'num'}, h('strong', {}, money(amountIn(revenue.net, currency), currency)))))))),
      h('h3', {}, 'MRR movements in the period'),
      scroller(h('table', {id: 'movements'},
          h('caption', {class: 'sr-only'}, 'MRR at the period’s start, its movements and its end, per currency'),
          h('thead', {}, h('tr', {}, ['Currency', 'Start', ...MOVEMENTS.map(([, name]) => name), 'End'].map(name => h('th', {scope: 'col'}, name)))),
          h('tbody', {}, currencies([summary.mrr.start, summary.mrr.end]).map(currency => h('tr', {dataset: {currency}},
              h('th', {scope: 'row'}, currency),
              moneyCell(amountIn(summary.mrr.start, currency), currency),
              MOVEMENTS.map(([key]) => moneyCell(amountIn(summary.mrr[key], currency), currency)),
              h('td', {class: 'num end'}, h('strong', {}, money(amountIn(summary.mrr.end, currency), currency)))))))),
      h('p', {class: 'help'}, 'Contraction and churn are negative: the start plus the movements is the end.'),
    ],
    summary.by_plan.length === 0 ? null : [
      h('h3', {}, 'MRR by plan'),
      scroller(h('table', {id: 'by-plan'},
          h('caption', {class: 'sr-only'}, 'MRR and paying customers per plan'),
          h('thead', {}, h('tr', {}, ['Plan', 'Paying customers', 'MRR'].map(name => h('th', {scope: 'col'}, name)))),
          h('tbody', {}, summary.by_plan.map(plan => h('tr', {},
              h('th', {scope: 'row'}, plan.plan),
              h('td', {class: 'num'}, number(plan.paying_customers, 0)),
              h('td', {class: 'num'}, moneyList(plan.mrr))))))),
    ],
  ];
}

function card(title, value, key) {
  return h('article', {class: 'card figure', dataset: {figure: key}}, h('h3', {}, title), h('p', {class: 'value'}, value));
}

/** A table in a box that scrolls sideways on a narrow screen, and can be focused to scroll it with the keyboard. */
function scroller(table) {
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': table.querySelector('caption').textContent}, table);
}

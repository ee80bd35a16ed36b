// Small helpers every page shares: building elements, toasts, the states a section can be in (loading, empty,
// error), and numbers, money and dates in the tenant's locale.

/** h('button', {class: 'primary', onclick: f}, 'Save'): an element with attributes, properties and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      element.className = value;
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(key, '');
    } else {
      element.setAttribute(key, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

let toastCount = 0;

/** A message at the corner of the screen for a few seconds; kind is 'success' or 'error'. */
export function toast(message, kind = 'success') {
  const box = document.getElementById('toasts');
  const item = h('div', {class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status', id: `toast-${++toastCount}`},
      h('span', {}, message),
      h('button', {type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => item.remove()}, '×'));
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 10000 : 5000);
}

export function loading(label = 'Loading…') {
  return h('p', {class: 'state loading', role: 'status'}, h('span', {class: 'spinner', 'aria-hidden': 'true'}), label);
}

export function empty(message) {
  return h('p', {class: 'state empty'}, message);
}

export function failure(error) {
  return h('p', {class: 'state error', role: 'alert'}, error?.message || String(error));
}

/** Fills a section with the loading state, then with what render(data) gives, or with the error's detail. */
export async function section(element, load, render) {
  fill(element, loading());
  try {
    const data = await load();
    fill(element, render(data));
  } catch (error) {
    fill(element, failure(error));
  }
}

// The tenant's locale and currency (GET /api/v1/tenant), set once signed in.
const context = {locale: 'en-US', currency: 'USD', timezone: 'UTC'};

export function setTenant(tenant) {
  context.locale = tenant.locale || 'en-US';
  context.currency = tenant.currency || 'USD';
  context.timezone = tenant.timezone || 'UTC';
  document.documentElement.lang = context.locale;
}

export function tenantContext() {
  return context;
}

export function number(value, decimals) {
  if (value === null || value === undefined || value === '') return '–';
  const options = decimals === undefined ? {maximumFractionDigits: 2} : {minimumFractionDigits: decimals, maximumFractionDigits: decimals};
  return new Intl.NumberFormat(context.locale, options).format(Number(value));
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) return '–';
  return new Intl.NumberFormat(context.locale, {style: 'currency', currency: currency || context.currency}).format(Number(amount));
}

export function percent(value) {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(context.locale, {style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1}).format(Number(value) / 100);
}

/** A signed growth in percent (+12.5 %), or '–' without a previous value. */
export function growth(value) {
  if (value === null || value === undefined) return '–';
  const formatted = new Intl.NumberFormat(context.locale, {style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 1})
      .format(Number(value) / 100);
  return formatted;
}

export function date(value) {
  if (!value) return '–';
  const parsed = value.length === 10 ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(context.locale, value.length === 10 ? {dateStyle: 'medium', timeZone: 'UTC'}
      : {dateStyle: 'medium', timeStyle: 'short', timeZone: context.timezone}).format(parsed);
}

/** A figure key (api_calls_made) as words (Api calls made), where the API gives no name. */
export function label(key) {
  const text = String(key).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

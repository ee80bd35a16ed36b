// The console's only way to the service: /api/v1 calls with the signed-in token. Everything the console shows
// comes from here. A 401 drops the token and sends the user back to sign-in; any other problem is thrown as an
// ApiError carrying the problem's detail (application/problem+json), which pages show as they are.

const KEY = 'tally.console.token';

export const base = document.querySelector('meta[name="tally-base"]')?.content ?? '';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The service answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** The token's claims as the service will read them (decoded here only to leave out controls it would refuse). */
export function claims() {
  const value = token();
  if (!value) return null;
  try {
    const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

const RANK = {viewer: 1, analyst: 2, manager: 3, admin: 4, owner: 5};

/** True when the token holds this role or a higher one (owner > admin > manager > analyst > viewer). */
export function hasRole(role) {
  const roles = claims()?.roles ?? [];
  return roles.some(r => (RANK[r] ?? 0) >= RANK[role]);
}

/** The customers a customer-scoped token is limited to, or null for a token of the whole tenant. */
export function scopedCustomers() {
  const customers = claims()?.customers;
  return Array.isArray(customers) && customers.length > 0 ? customers : null;
}

async function send(method, path, {body, headers = {}, accept = 'application/json'} = {}) {
  const value = token();
  const init = {method, headers: {Accept: accept, ...headers}, cache: 'no-store'};
  if (value) init.headers.Authorization = `Bearer ${value}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(base + path, init);
  } catch {
    throw new ApiError(0, {detail: 'The service could not be reached. Check your connection and try again.'});
  }
  if (response.status === 401) {
    signOut();
    window.dispatchEvent(new CustomEvent('tally:signed-out', {detail: 'Your token was refused (expired, revoked or not valid here). Sign in again.'}));
    throw new ApiError(401, await problem(response));
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problem(response));
  }
  return response;
}

async function problem(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export async function get(path) {
  const response = await send('GET', path);
  return response.status === 204 ? null : response.json();
}

export async function post(path, body, headers) {
  const response = await send('POST', path, {body, headers});
  return response.status === 204 ? null : response.json();
}

export async function put(path, body) {
  const response = await send('PUT', path, {body});
  return response.status === 204 ? null : response.json();
}

export async function del(path) {
  const response = await send('DELETE', path);
  return response.status === 204 ? null : response.json();
}

/** Downloads a file the API answers, under the name it gives (Content-Disposition), and returns that name. */
export async function download(path, fallbackName) {
  const response = await send('GET', path, {accept: '*/*'});
  const disposition = response.headers.get('Content-Disposition') || '';
  const name = fileName(disposition) || fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}

function fileName(disposition) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

/** A query string of the defined values: query({days: 7, from: undefined}) is "?days=7". */
export function query(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

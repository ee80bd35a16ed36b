// Sign-in: paste a token (a user token of the tenant, as `bin/tally token` or your identity provider issues them).
// It is checked against GET /api/v1/tenant and kept in this tab's session storage only.
import * as api from '../api.js';
import {fill, h} from '../ui.js';

export function render(main, {message, onSignedIn}) {
  const error = h('p', {class: 'state error', role: 'alert', id: 'signin-error', hidden: !message}, message || '');
  const input = h('textarea', {id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'token-help signin-error'});
  const submit = h('button', {type: 'submit', class: 'primary', id: 'sign-in'}, 'Sign in');
  const form = h('form', {class: 'card signin', onsubmit: async event => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) {
      fill(error, 'Paste a token first.');
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    api.signIn(value);
    try {
      await api.get('/api/v1/tenant');
      history.replaceState(null, '', location.pathname + location.search + '#/customers');
      await onSignedIn();
    } catch (failure) {
      api.signOut();
      fill(error, failure.status === 401 ? 'This token was refused: it is expired, revoked, or not a user token of this service.'
          : failure.message);
      error.hidden = false;
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  }},
  h('h1', {}, 'Sign in to Tally'),
  h('label', {for: 'token'}, 'API token'),
  input,
  h('p', {class: 'help', id: 'token-help'}, 'A user token of your tenant (audience tally-api). It stays in this browser tab and is forgotten when you sign out or close the tab.'),
  error,
  submit);
  fill(main, form);
  input.focus();
}

// Form parts the editing pages share: a labelled field, a select, a channel's fields, and a submit that shows the
// service's refusal (the problem's detail, which names the field) inline and in a toast, so a 400 or a 403 is never
// silent. Edit, the edit mode and Delete are in editing.js.
import {fill, h, toast} from './ui.js';

/** A label and its control (given its id), with an optional help line the control is described by. */
export function field(text, control, help) {
  const helpId = help ? `${control.id}-help` : null;
  if (helpId) control.setAttribute('aria-describedby', helpId);
  return h('div', {class: 'field'}, h('label', {for: control.id}, text), control, help ? h('p', {class: 'help', id: helpId}, help) : null);
}

/** A select of [value, text] pairs (or plain values), with one chosen. */
export function select(id, options, chosen, attributes = {}) {
  return h('select', {id, name: id, ...attributes}, options.map(option => {
    const [value, text] = Array.isArray(option) ? option : [option, option];
    return h('option', {value, selected: String(value) === String(chosen)}, text);
  }));
}

/** Comma- or space-separated words as a list, empty ones dropped. */
export function words(text) {
  return String(text || '').split(/[\s,]+/).map(word => word.trim()).filter(Boolean);
}

/** The channel a rule or schedule sends to, from a type select and one text field (addresses or a URL). */
export function channel(type, target) {
  switch (type) {
    case 'email': return {type: 'email', to: words(target)};
    case 'webhook': return {type: 'webhook', url: target.trim()};
    case 'storage': return {type: 'storage'};
    default: return null;
  }
}

/** How a channel reads in a list: "e-mail to a@x, b@y", "webhook https://…", "storage". */
export function channelText(value) {
  if (value.type === 'email') return `e-mail to ${(value.to || []).join(', ')}`;
  if (value.type === 'webhook') return `webhook ${value.url}`;
  return value.type;
}

/** A saved channel's text field, as channel() reads it back: its addresses, its URL, or nothing. */
export function channelTarget(value) {
  if (value.type === 'email') return (value.to || []).join(', ');
  if (value.type === 'webhook') return value.url;
  return '';
}

/**
 * The note a form shows for saved channels it cannot edit (the form edits one channel): they are kept as they are.
 * Null for one channel or none.
 */
export function keptChannelsNote(channels) {
  if (!channels || channels.length <= 1) return null;
  return h('p', {}, `Sends to ${channels.length} channels: ${channels.map(channelText).join(' · ')}. `
      + 'The form changes one channel only, so these are kept as they are.');
}

/**
 * Runs save() when the form is submitted, with its button busy; a refusal's detail goes into the form's error line
 * (role alert) and a toast. Answers nothing: save() does what follows a success itself.
 */
export function onSubmit(form, button, errorLine, save) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const text = button.textContent;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    errorLine.hidden = true;
    try {
      await save();
    } catch (error) {
      if (error.status === 401) return;
      fill(errorLine, error.message);
      errorLine.hidden = false;
      toast(error.message, 'error');
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = text;
    }
  });
}

/** The error line of a form: hidden until a refusal fills it. */
export function errorLine(id) {
  return h('p', {class: 'state error', role: 'alert', id, hidden: true});
}

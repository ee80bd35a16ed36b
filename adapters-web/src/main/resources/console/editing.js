// Editing and deleting what a page lists (schedules, alert rules, metrics, saved queries), the same way on every page:
// an Edit button that reads the item again and loads it into its form, the edit mode of a form that makes new items and
// edits saved ones, and a Delete button that asks first, in place.
import {errorLine} from './forms.js';
import {failure, fill, h, loading, toast} from './ui.js';

/**
 * A form's place while what it offers is read: "loading" (text), then the form, or the failure. build() answers the
 * form's controller ({element, edit, …}); ready answers it, or null when it could not be built.
 */
export function editorSlot(text, build) {
  const element = h('div', {}, loading(text));
  const ready = build()
      .then(form => {
        fill(element, form.element);
        return form;
      })
      .catch(error => {
        fill(element, failure(error));
        return null;
      });
  return {element, ready};
}

/**
 * An Edit button (data-action "edit"): reads the item again with read(), so that the form starts from its latest
 * version, then open(item, button) loads it into the form. The button is disabled meanwhile; a failure shows in a toast
 * and the focus comes back to the button. label names the item for a screen reader where the button's row does not
 * (aria-label "Edit …"); describedBy is the id of a heading that names it.
 */
export function editButton({read, open, label, describedBy}) {
  const button = h('button', {type: 'button', class: 'secondary', dataset: {action: 'edit'}, 'aria-label': label ? `Edit ${label}` : null,
    'aria-describedby': describedBy, onclick: async () => {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      try {
        await open(await read(), button);
      } catch (error) {
        if (error.status !== 401) toast(error.message, 'error');
      } finally {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      }
      // disabled, the button lost the focus: it comes back unless the form took it
      if (document.activeElement === document.body && button.isConnected) button.focus();
    }}, 'Edit');
  return button;
}

/**
 * The edit mode of a form that makes new items and edits saved ones. It makes the form's heading ("New …", or "Edit …"
 * while an item is in the form) and its Cancel button, shown while editing: Cancel goes back to a new item and gives
 * the focus back to the Edit button that opened the edit (or to the first field). Starting anew removes what
 * offerSaved() added, hides the error line and calls reset(), which puts the fields back to a new item's.
 * Answers {title, cancel, editing, startNew, edit, forget}: editing is the item as GET answered it, or null.
 */
export function editMode({titleId, newTitle, cancelId, first, problem, reset}) {
  let editing = null;
  let opener = null; // the Edit button that opened the edit, for the focus after Cancel
  const title = h('h2', {id: titleId, class: 'span-all'}, newTitle);
  const cancel = h('button', {type: 'button', class: 'secondary', id: cancelId, hidden: true, onclick: () => {
    const back = opener;
    startNew();
    (back?.isConnected ? back : first).focus();
  }}, 'Cancel');

  function startNew() {
    editing = null;
    opener = null;
    cancel.form?.querySelectorAll('[data-saved]').forEach(added => added.remove());
    fill(title, newTitle);
    cancel.hidden = true;
    problem.hidden = true;
    reset();
  }

  return {
    title,
    cancel,
    get editing() {
      return editing;
    },
    startNew,
    /** Puts an item into the form: heading, then load() fills the fields; the form scrolls into view, the focus goes to its first field. */
    edit(item, from, heading, load) {
      startNew();
      editing = item;
      opener = from;
      fill(title, heading);
      cancel.hidden = false;
      load();
      cancel.form?.scrollIntoView({block: 'start'});
      first.focus();
    },
    /** An item deleted: the form stops editing it. */
    forget(id) {
      if (editing?.id === id) startNew();
    },
  };
}

/**
 * Chooses a saved value in a select, first adding it as an option (into group, an optgroup of the select, when given)
 * where the select does not offer it, so that saving sends it back; the edit mode removes what was added when it starts
 * anew (data-saved).
 */
export function offerSaved(select, value, text, group = null) {
  if (![...select.options].some(option => option.value === value)) {
    (group ?? select).append(h('option', {value, dataset: {saved: 'true'}}, text));
    if (group && group.parentNode !== select) {
      group.dataset.saved = 'true';
      select.append(group);
    }
  }
  select.value = value;
}

/** Closes the question open on the page, if any: one is open at a time. */
let closeOpen = () => {};

/**
 * A Delete button (data-action "delete") that asks first, in place (no native dialog): the question with "Yes, delete"
 * and "No, keep it" (data-action "confirm-delete" and "cancel-delete") in a group with the id "confirm-{id}", after the
 * button's own row of buttons, or, given the table row the item is (row), in a row inserted under it. The focus goes to
 * "No, keep it"; No or Escape closes the question and gives the focus back to Delete; opening another question closes
 * this one. Yes runs remove() with both buttons disabled and Yes aria-busy; remove() does what follows a deletion
 * (reading the list again). A refusal's detail (a 409: the item is in use) shows in the group and in a toast, the focus
 * back on Yes. label names the item for a screen reader where the button's row does not (aria-label "Delete …");
 * describedBy is the id of a heading that names it.
 */
export function deleteButton({id, question, remove, row, label, describedBy}) {
  const confirmId = `confirm-${id}`;
  const button = h('button', {type: 'button', class: 'secondary', dataset: {action: 'delete'}, 'aria-label': label ? `Delete ${label}` : null,
    'aria-describedby': describedBy, 'aria-expanded': 'false'}, 'Delete');
  let no = null;
  button.addEventListener('click', () => {
    if (button.getAttribute('aria-expanded') === 'true') {
      no.focus();
      return;
    }
    closeOpen();
    const problem = errorLine(`${confirmId}-error`);
    const yes = h('button', {type: 'button', class: 'danger', dataset: {action: 'confirm-delete'}, onclick: async () => {
      yes.disabled = true;
      no.disabled = true;
      yes.setAttribute('aria-busy', 'true');
      problem.hidden = true;
      try {
        await remove();
        closeQuietly();
      } catch (error) {
        yes.disabled = false;
        no.disabled = false;
        yes.removeAttribute('aria-busy');
        if (error.status === 401) return;
        fill(problem, error.message);
        problem.hidden = false;
        toast(error.message, 'error');
        yes.focus();
      }
    }}, 'Yes, delete');
    no = h('button', {type: 'button', class: 'secondary', dataset: {action: 'cancel-delete'}, onclick: () => close(true)}, 'No, keep it');
    const box = h('div', {class: 'confirm', id: confirmId, role: 'group', 'aria-labelledby': `${confirmId}-question`,
      onkeydown: event => {
        if (event.key === 'Escape' && !yes.disabled) close(true);
      }},
    h('p', {id: `${confirmId}-question`}, question), yes, no, problem);
    // in a table, a row of its own under the item's (with its data-search, so that a filter shows or hides both)
    const placed = row
        ? h('tr', {class: 'confirm-row', dataset: row.dataset.search === undefined ? null : {search: row.dataset.search}},
            h('td', {colspan: [...row.cells].reduce((sum, cell) => sum + cell.colSpan, 0)}, box))
        : box;
    (row ?? button.parentElement).after(placed);
    const closeQuietly = () => close(false);
    function close(refocus) {
      placed.remove();
      button.setAttribute('aria-expanded', 'false');
      button.removeAttribute('aria-controls');
      if (closeOpen === closeQuietly) closeOpen = () => {};
      if (refocus) button.focus();
    }
    button.setAttribute('aria-expanded', 'true');
    button.setAttribute('aria-controls', confirmId);
    closeOpen = closeQuietly;
    no.focus();
  });
  return button;
}

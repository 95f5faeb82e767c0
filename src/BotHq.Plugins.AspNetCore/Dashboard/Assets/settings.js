// Settings, as a form made from plugin.json's definitions, and credentials, as write-only fields.
import { alertFor, fill, h, uid } from "./dom.js";

/** The settings form: one field per definition (string, number, boolean, select). Saving sends the changed values in one
 *  request; the API writes all or nothing, and its error for each bad value is shown beside that field. */
export class SettingsSection {
  constructor({ api }, name) {
    this.api = api;
    this.path = `/${encodeURIComponent(name)}/settings`;
    this.message = h("p", { class: "message", role: "status" });
    this.form = h("form", { class: "settings", novalidate: true, onsubmit: event => this.save(event) });
    this.element = h("section", { class: "card", "aria-labelledby": "settings-title", hidden: true },
      h("h2", { id: "settings-title", text: "Settings" }), this.form);
    this.dirty = false;
  }

  async refresh(details) {
    this.details = details;
    const declared = details.manifest?.settings && Object.keys(details.manifest.settings).length > 0;
    this.element.hidden = !declared;
    if (!declared || this.dirty || this.saving) return;
    try {
      const response = await this.api.get(this.path);
      if (!this.disposed && !this.dirty) this.render(response.settings);
    } catch (error) {
      if (!this.disposed) fill(this.form, alertFor(error));
    }
  }

  render(settings) {
    const key = JSON.stringify(settings);
    if (key === this.key) return;
    this.key = key;
    this.fields = settings.map(setting => field(setting, () => this.edited()));
    fill(this.form,
      this.fields.map(f => f.element),
      h("div", { class: "actions-row" },
        h("button", { type: "submit", class: "primary", text: "Save settings" }),
        h("button", { type: "button", text: "Discard changes", onclick: () => this.discard() }),
        this.message));
  }

  edited() {
    this.dirty = true;
    this.message.textContent = "Unsaved changes.";
  }

  discard() {
    this.dirty = false;
    this.key = null;
    this.message.textContent = "";
    this.refresh(this.details);
  }

  async save(event) {
    event.preventDefault();
    const values = {};
    for (const f of this.fields) {
      f.showError(null);
      const value = f.read();
      if (JSON.stringify(value) !== JSON.stringify(f.setting.value)) values[f.setting.key] = value;
    }
    if (Object.keys(values).length === 0) {
      this.message.textContent = "Nothing to save: no value changed.";
      return;
    }
    this.saving = true;
    this.message.textContent = "Saving…";
    try {
      const response = await this.api.patch(this.path, values);
      this.dirty = false;
      this.key = null;
      this.render(response.settings);
      this.message.textContent = "Saved.";
    } catch (error) {
      const errors = error.errors;
      let shown = 0;
      for (const f of this.fields) {
        const messages = errors[f.setting.key];
        if (messages) {
          f.showError(messages.join(" "));
          shown += 1;
        }
      }
      this.message.textContent = shown > 0 ? `Nothing was saved: ${shown === 1 ? "a value is" : `${shown} values are`} not valid.` : error.message;
      this.fields.find(f => f.invalid)?.focus();
    } finally {
      this.saving = false;
    }
  }
}

function field(setting, onEdit) {
  const definition = setting.definition;
  const id = uid("setting");
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = `${hintId} ${errorId}`;
  const defaultText = definition.default === undefined || definition.default === null ? "none" : JSON.stringify(definition.default);
  let input;
  let read;
  switch (definition.type) {
    case "boolean":
      input = h("input", { type: "checkbox", id, checked: setting.value === true, "aria-describedby": described, onchange: onEdit });
      read = () => input.checked;
      break;
    case "select":
      input = h("select", { id, "aria-describedby": described, onchange: onEdit },
        (definition.options ?? []).map(option => h("option", { value: option, selected: option === setting.value, text: option })));
      read = () => input.value;
      break;
    case "number":
      // Typed as text, so a value that is not a number reaches the API and its error is shown here, as for any other bad value.
      input = h("input", { type: "text", inputmode: "decimal", id, value: setting.value === null ? "" : String(setting.value), "aria-describedby": described, oninput: onEdit });
      read = () => {
        const text = input.value.trim();
        if (text === "") return null;
        const number = Number(text);
        return Number.isFinite(number) ? number : input.value;
      };
      break;
    default:
      input = h("input", { type: "text", id, value: setting.value === null ? "" : typeof setting.value === "string" ? setting.value : JSON.stringify(setting.value), "aria-describedby": described, oninput: onEdit });
      read = () => (input.value === "" && setting.value === null ? null : input.value);
  }
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const label = h("label", { for: id, text: definition.label ?? setting.key });
  const hint = h("p", { class: "hint", id: hintId },
    definition.description ? `${definition.description} ` : "",
    h("span", { class: "muted", text: `Key ${setting.key}, ${definition.type}; default ${defaultText}${definition.type === "number" ? " (leave empty for the default)" : ""}${setting.isDefault ? "; the default is in use" : ""}.` }));
  const element = h("div", { class: `field field-${definition.type}`, "data-setting": setting.key },
    definition.type === "boolean" ? h("div", { class: "check" }, input, label) : [label, input], hint, error);
  const result = {
    setting,
    element,
    read,
    invalid: false,
    focus: () => input.focus(),
    showError(message) {
      result.invalid = Boolean(message);
      error.hidden = !message;
      error.textContent = message ?? "";
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    },
  };
  return result;
}

/** Credentials: which are set, never a value. Each can be set (or replaced) from a password field that is emptied once sent,
 *  and cleared. */
export class CredentialsSection {
  constructor({ api }, name, changed) {
    this.api = api;
    this.path = `/${encodeURIComponent(name)}/credentials`;
    this.changed = changed;
    this.list = h("div", { class: "credentials" });
    this.element = h("section", { class: "card", "aria-labelledby": "credentials-title", hidden: true },
      h("h2", { id: "credentials-title", text: "Credentials" }),
      h("p", { class: "muted", text: "Stored encrypted; a value is never shown or sent back, only whether it is set." }),
      this.list);
    this.rows = new Map();
  }

  update(details) {
    const credentials = details.credentials ?? [];
    this.element.hidden = credentials.length === 0;
    const keys = credentials.map(c => c.key).join("\n");
    if (keys !== this.keys) {
      this.keys = keys;
      this.rows = new Map(credentials.map(c => [c.key, this.row(c)]));
      fill(this.list, [...this.rows.values()].map(row => row.element));
    }
    for (const credential of credentials) this.rows.get(credential.key).show(credential);
  }

  row(credential) {
    const id = uid("credential");
    const input = h("input", { type: "password", id, autocomplete: "new-password", spellcheck: "false", "aria-describedby": `${id}-status ${id}-error` });
    const status = h("p", { class: "credential-status", id: `${id}-status` });
    const error = h("p", { class: "field-error", id: `${id}-error`, role: "alert", hidden: true });
    const set = h("button", { type: "submit", class: "primary" });
    const clear = h("button", { type: "button", text: "Clear", onclick: () => this.clear(credential.key, row) });
    const form = h("form", { class: "credential", "data-credential": credential.key, novalidate: true, onsubmit: event => this.set(event, credential.key, row) },
      h("label", { for: id }, credential.label ?? credential.key, " ", h("code", { text: credential.key }), credential.required ? h("span", { class: "required", text: " required" }) : null),
      credential.description ? h("p", { class: "hint", text: credential.description }) : null,
      status, h("div", { class: "inline" }, input, set, clear), error);
    const row = {
      element: form,
      input,
      error: message => {
        error.hidden = !message;
        error.textContent = message ?? "";
      },
      show: current => {
        status.replaceChildren(current.isUnreadable
          ? h("span", { class: "badge credential-unreadable", text: "unreadable" })
          : h("span", { class: `badge credential-${current.isSet ? "set" : "unset"}`, text: current.isSet ? "set" : "not set" }),
        current.isUnreadable ? " The stored value cannot be decrypted (its key was lost); set it again." : "");
        set.textContent = current.isSet || current.isUnreadable ? "Replace" : "Set";
        clear.hidden = !current.isSet && !current.isUnreadable;
      },
    };
    return row;
  }

  async set(event, key, row) {
    event.preventDefault();
    row.error(null);
    const value = row.input.value;
    if (value === "") {
      row.error("Type the value first; to remove a value, use Clear.");
      return;
    }
    // The field is emptied before the request, so the value stays in the page no longer than it takes to send it.
    row.input.value = "";
    try {
      const response = await this.api.put(this.path, { [key]: value });
      this.update({ credentials: response.credentials });
    } catch (error) {
      row.error(error.errors[key]?.join(" ") ?? error.message);
    }
    this.changed();
  }

  async clear(key, row) {
    row.error(null);
    try {
      const response = await this.api.delete(`${this.path}/${encodeURIComponent(key)}`);
      this.update({ credentials: response.credentials });
    } catch (error) {
      row.error(error.message);
    }
    this.changed();
  }
}

// The list: every plugin with its state (colour and word), version, parts and problems; every invalid folder with its problems.
import { enc } from "./api.js";
import { alertFor, badge, fill, h } from "./dom.js";

const stateOrder = ["failed", "needs-configuration", "incompatible", "missing", "disabled", "enabled"];

export class ListView {
  constructor({ api, base }) {
    this.api = api;
    this.base = base;
    this.title = "Plugins";
    this.rows = new Map();
    this.status = h("div", { class: "status" });
    this.summary = h("p", { class: "summary" });
    this.body = h("tbody");
    this.table = h("table", { class: "plugins", hidden: true },
      h("caption", { class: "visually-hidden", text: "Installed plugins" }),
      h("thead", {}, h("tr", {},
        ["Plugin", "Version", "State", "Parts", "Problems"].map(name => h("th", { scope: "col", text: name })))),
      this.body);
    this.empty = h("p", { class: "muted", hidden: true, text: "No plugins are installed: put a plugin's folder into the plugins folder." });
    this.invalid = h("section", { class: "invalid", "aria-labelledby": "invalid-title", hidden: true });
    this.element = h("div", { class: "list" },
      h("h1", { text: "Plugins" }), this.status, this.summary, this.table, this.empty, this.invalid);
  }

  dispose() {
    this.disposed = true;
  }

  async refresh() {
    let listing;
    try {
      listing = await this.api.get("");
      if (!Array.isArray(listing?.plugins) || !Array.isArray(listing?.invalid)) throw this.api.notMapped(200);
    } catch (error) {
      if (!this.disposed) fill(this.status, alertFor(error.status === 404 ? this.api.notMapped(404) : error));
      return;
    }
    if (this.disposed) return;
    this.status.replaceChildren();
    this.renderPlugins(listing.plugins);
    this.renderInvalid(listing.invalid);
    if (!this.ready) {
      this.ready = true;
      this.element.dataset.ready = "true";
      performance.mark("bothq-list-ready");
    }
  }

  renderPlugins(plugins) {
    const counts = new Map();
    for (const plugin of plugins) counts.set(plugin.state, (counts.get(plugin.state) ?? 0) + 1);
    const parts = stateOrder.filter(state => counts.has(state)).map(state => `${counts.get(state)} ${state.replaceAll("-", " ")}`);
    fill(this.summary, plugins.length === 1 ? "1 plugin" : `${plugins.length} plugins`, parts.length ? `: ${parts.join(", ")}` : "");
    this.table.hidden = plugins.length === 0;
    this.empty.hidden = plugins.length !== 0;

    // Rows whose data did not change are kept, so focus and selection survive a refresh.
    const rows = new Map();
    for (const plugin of plugins) {
      const key = JSON.stringify(plugin);
      const existing = this.rows.get(plugin.name);
      rows.set(plugin.name, existing?.key === key ? existing : { key, row: this.row(plugin) });
    }
    this.rows = rows;
    const wanted = [...rows.values()].map(entry => entry.row);
    if (wanted.length !== this.body.children.length || wanted.some((row, i) => this.body.children[i] !== row)) this.body.replaceChildren(...wanted);
  }

  row(plugin) {
    return h("tr", { "data-plugin": plugin.name, "data-state": plugin.state },
      h("th", { scope: "row" },
        h("a", { href: `${this.base}/${enc(plugin.name)}`, "data-nav": true, class: "name", text: plugin.name }),
        plugin.description ? h("span", { class: "description", text: plugin.description }) : null),
      h("td", { class: "version", text: plugin.version }),
      h("td", {}, badge("state", plugin.state), plugin.enabled || plugin.state === "disabled" ? null : h("span", { class: "muted small", text: " (disabled)" })),
      h("td", { class: "parts" }, plugin.hasMcp ? badge("part", "mcp", "MCP") : null, " ", plugin.hasUI ? badge("part", "ui", "UI") : null),
      h("td", { class: "problems" }, problemList(plugin.problems)));
  }

  renderInvalid(invalid) {
    this.invalid.hidden = invalid.length === 0;
    fill(this.invalid,
      h("h2", { id: "invalid-title", text: invalid.length === 1 ? "1 invalid plugin folder" : `${invalid.length} invalid plugin folders` }),
      h("p", { class: "muted", text: "These folders have a plugin.json the runtime cannot use. Fix each problem and the plugin appears above." }),
      invalid.map(folder => h("article", { class: "folder", "data-folder": folder.path },
        h("h3", { text: folder.name ?? folder.path.split(/[\\/]/).filter(Boolean).pop() ?? folder.path }),
        h("p", { class: "path" }, h("span", { class: "muted", text: "Folder: " }), h("code", { text: folder.path })),
        problemList(folder.errors))));
  }
}

/** Problems as a list: each JSON path (or "plugin.json" for the file as a whole) with its message, which says how to fix it. */
export function problemList(problems) {
  if (!problems?.length) return null;
  return h("ul", { class: "problem-list" },
    problems.map(problem => h("li", {}, h("code", { class: "path", text: problem.path || "plugin.json" }), " ", h("span", { text: problem.message }))));
}

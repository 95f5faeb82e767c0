// A plugin's page: its manifest, enable and disable, settings, credentials, MCP server, tools, actions and UI tabs.
import { enc } from "./api.js";
import { alertFor, badge, fill, h, safeLink, uid } from "./dom.js";
import { problemList } from "./list.js";
import { CredentialsSection, SettingsSection } from "./settings.js";
import { ToolsSection } from "./tools.js";
import { ActionsSection } from "./actions.js";

export class PluginView {
  constructor(context, name) {
    this.context = context;
    this.api = context.api;
    this.name = name;
    this.path = `/${enc(name)}`;
    this.title = `${name} · Plugins`;
    this.status = h("div", { class: "status" });
    this.heading = h("h1", {}, name);
    this.description = h("p", { class: "description" });
    this.toggleMessage = h("p", { class: "message", role: "status" });
    this.toggle = h("button", { type: "button", class: "toggle", hidden: true, onclick: () => this.setEnabled() });
    this.overview = h("dl", { class: "facts" });
    this.problems = h("div");
    this.mcp = h("section", { class: "card", "aria-labelledby": "mcp-title", hidden: true });
    this.settings = new SettingsSection(context, name);
    this.credentials = new CredentialsSection(context, name, () => this.refresh());
    this.tools = new ToolsSection(context, name);
    this.actions = new ActionsSection(context, name);
    this.tabs = new TabsSection(context, name);
    this.content = h("div", { class: "sections", hidden: true },
      h("section", { class: "card", "aria-labelledby": "overview-title" },
        h("h2", { id: "overview-title", text: "Overview" }),
        this.description, h("div", { class: "actions-row" }, this.toggle, this.toggleMessage), this.overview, this.problems),
      this.settings.element, this.credentials.element, this.mcp, this.tools.element, this.actions.element, this.tabs.element);
    this.element = h("article", { class: "plugin" },
      h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: `${context.base}/`, "data-nav": true, text: "Plugins" }), " / ", name),
      this.heading, this.status, this.content);
  }

  dispose() {
    this.disposed = true;
    for (const part of [this.settings, this.credentials, this.tools, this.actions, this.tabs]) part.disposed = true;
  }

  async refresh() {
    let details;
    try {
      details = await this.api.get(this.path);
    } catch (error) {
      if (this.disposed) return;
      this.content.hidden = error.status === 404;
      fill(this.status, alertFor(error.status === 404 && error.problem ? { message: `Plugin "${this.name}" is not installed. ${error.problem.detail ?? ""}` } : error));
      return;
    }
    if (this.disposed) return;
    this.details = details;
    this.status.replaceChildren();
    this.content.hidden = false;
    fill(this.heading, details.name, " ", badge("state", details.state), " ", h("span", { class: "version", text: details.version }));
    this.description.textContent = details.description || "No description.";
    this.renderToggle(details);
    this.renderOverview(details);
    this.renderMcp(details);
    this.credentials.update(details);
    this.tabs.update(details);
    const [, listed] = await Promise.all([this.settings.refresh(details), this.tools.refresh(details), this.actions.refresh(details)]);
    // Listing the tools starts a server that was not running: show the status it has now.
    if (listed && details.mcp?.state !== "running" && !this.disposed) {
      try {
        const after = await this.api.get(this.path);
        if (!this.disposed) this.renderMcp(after);
      } catch {
        // The next refresh shows it.
      }
    }
    if (!this.disposed) this.element.dataset.ready = "true";
  }

  renderToggle(details) {
    this.toggle.hidden = details.state === "missing";
    this.toggle.textContent = details.enabled ? "Disable plugin" : "Enable plugin";
    this.toggle.className = details.enabled ? "toggle" : "toggle primary";
  }

  async setEnabled() {
    const enabled = !this.details.enabled;
    this.toggle.disabled = true;
    this.toggleMessage.textContent = enabled ? "Enabling…" : "Disabling…";
    try {
      await this.api.patch(this.path, { enabled });
      this.toggleMessage.textContent = enabled ? "Enabled." : "Disabled: its MCP server and extension are stopped.";
    } catch (error) {
      this.toggleMessage.textContent = error.message;
    } finally {
      this.toggle.disabled = false;
    }
    await this.refresh();
  }

  renderOverview(details) {
    const manifest = details.manifest ?? {};
    const mcp = manifest.mcp;
    const facts = [
      ["Version", details.version],
      ["Enabled", details.enabled ? "yes" : "no"],
      ["Author", manifest.author ? [manifest.author.name ?? "", manifest.author.url ? [" ", safeLink(manifest.author.url)] : null] : null],
      ["Repository", manifest.repository ? safeLink(manifest.repository) : null],
      ["License", manifest.license],
      ["Needs host", manifest["bot-hq"]?.minVersion ? `${manifest["bot-hq"].minVersion} or later` : null],
      ["MCP server", mcp ? h("code", { text: mcp.entry ?? [mcp.command, ...(mcp.args ?? [])].join(" ") }) : "none"],
      ["Extension", manifest.extensions ? h("code", { text: manifest.extensions }) : "none"],
      ["UI", manifest.ui?.tabs?.length ? manifest.ui.tabs.map(tab => tab.label).join(", ") : "none"],
      ["Permissions", manifest.permissions?.length ? h("ul", { class: "plain" }, manifest.permissions.map(p => h("li", { text: p }))) : "none declared"],
    ];
    fill(this.overview, facts.filter(([, value]) => value !== null && value !== undefined)
      .map(([term, value]) => [h("dt", { text: term }), h("dd", {}, value)]));
    fill(this.problems, details.problems?.length ? [h("h3", { text: "Problems" }), problemList(details.problems)] : null);
  }

  renderMcp(details) {
    this.mcp.hidden = !details.hasMcp;
    if (!details.hasMcp) return;
    const status = details.mcp;
    const facts = status ? [
      ["State", badge("mcp", status.state)],
      ["Protocol revision", status.protocolVersion ?? "not negotiated yet"],
      ["Process id", status.processId ?? "not running"],
      ["Restarts", String(status.restartCount)],
      ["Server", status.serverName ? `${status.serverName}${status.serverVersion ? ` ${status.serverVersion}` : ""}` : null],
      ["Last error", status.lastError ? h("pre", { class: "error-text", text: status.lastError }) : "none"],
    ] : [["State", "unknown"]];
    fill(this.mcp, h("h2", { id: "mcp-title", text: "MCP server" }),
      h("dl", { class: "facts" }, facts.filter(([, value]) => value !== null).map(([term, value]) => [h("dt", { text: term }), h("dd", {}, value)])));
  }
}

/** The plugin's UI tabs (plugin.json ui.tabs): each one's document runs in a sandboxed frame with no access to this page. */
class TabsSection {
  constructor({ base }, name) {
    this.base = base;
    this.name = name;
    this.element = h("section", { class: "card wide", "aria-labelledby": "tabs-title", hidden: true });
    this.selected = null;
  }

  update(details) {
    const tabs = details.manifest?.ui?.tabs ?? [];
    this.element.hidden = tabs.length === 0;
    const key = JSON.stringify([tabs, details.enabled]);
    if (key === this.key) return;
    this.key = key;
    if (tabs.length === 0) return;
    if (!details.enabled) {
      fill(this.element, h("h2", { id: "tabs-title", text: "Tabs" }), h("p", { class: "muted", text: "Enable the plugin to see its tabs." }));
      return;
    }
    const panel = h("div", { role: "tabpanel", class: "tab-panel" });
    const buttons = tabs.map((tab, index) => h("button", {
      type: "button", role: "tab", id: uid("tab"), "aria-selected": "false", tabindex: "-1",
      onclick: () => select(index),
      onkeydown: event => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        const target = step ? (index + step + tabs.length) % tabs.length : event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1 : null;
        if (target === null) return;
        event.preventDefault();
        select(target);
        buttons[target].focus();
      },
    }, tab.label));
    const select = index => {
      const tab = tabs[index];
      this.selected = tab.id;
      buttons.forEach((button, i) => {
        button.setAttribute("aria-selected", String(i === index));
        button.tabIndex = i === index ? 0 : -1;
      });
      panel.setAttribute("aria-labelledby", buttons[index].id);
      fill(panel, h("iframe", {
        class: "plugin-tab",
        title: `${tab.label}, a tab of plugin ${this.name}`,
        sandbox: "allow-scripts",
        referrerpolicy: "no-referrer",
        src: `${this.base}/_tabs/${enc(this.name)}/${enc(tab.id)}`,
      }));
    };
    fill(this.element, h("h2", { id: "tabs-title", text: "Tabs" }),
      h("div", { role: "tablist", "aria-label": `Tabs of plugin ${this.name}` }, buttons), panel);
    select(Math.max(0, tabs.findIndex(tab => tab.id === this.selected)));
  }
}

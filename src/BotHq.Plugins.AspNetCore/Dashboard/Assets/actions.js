// The plugin's actions, by kind (approval, task, workspace), each with a form to run it on a context the user writes as JSON.
import { enc } from "./api.js";
import { alertFor, fill, h, pretty, uid } from "./dom.js";

const kinds = [
  ["task", "Task actions", { task: { id: "task-1", workspaceId: "workspace-1", title: "A task", state: "open" } }],
  ["workspace", "Workspace actions", { workspace: { id: "workspace-1", name: "A workspace", repoPath: "/path/to/repo" } }],
  ["approval", "Approval actions", { approval: { id: "approval-1", taskId: "task-1", workspaceId: "workspace-1", branchName: "feature", baseBranch: "main", status: "pending" } }],
];

export class ActionsSection {
  constructor({ api }, name) {
    this.api = api;
    this.name = name;
    this.body = h("div", { class: "action-kinds" });
    this.element = h("section", { class: "card wide", "aria-labelledby": "actions-title", hidden: true },
      h("h2", { id: "actions-title", text: "Actions" }), this.body);
  }

  async refresh(details) {
    this.element.hidden = !details.manifest?.extensions;
    if (this.element.hidden) return;
    if (details.state !== "enabled") {
      this.key = null;
      fill(this.body, h("p", { class: "muted", text: `The plugin is ${details.state.replaceAll("-", " ")}: its actions are offered when it is enabled.` }));
      return;
    }
    let lists;
    try {
      lists = await Promise.all(kinds.map(([kind]) => this.api.get(`/_actions/${kind}`)));
    } catch (error) {
      if (!this.disposed) fill(this.body, alertFor(error));
      return;
    }
    const mine = lists.map(list => list.actions.filter(action => action.pluginName === this.name));
    const key = JSON.stringify(mine);
    if (this.disposed || key === this.key) return;
    this.key = key;
    fill(this.body, mine.every(list => list.length === 0)
      ? h("p", { class: "muted", text: "Its extension offers no actions." })
      : kinds.map(([kind, title, example], index) => mine[index].length === 0 ? null : h("div", { class: "action-kind", "data-kind": kind },
        h("h3", { text: title }),
        mine[index].map(action => this.action(action, example)))));
  }

  action(action, example) {
    const id = uid("context");
    const context = h("textarea", { id, rows: "4", spellcheck: "false", value: pretty(example) });
    const result = h("div", { class: "result", "aria-live": "polite" });
    const error = h("p", { class: "field-error", hidden: true });
    const form = h("form", { class: "action", novalidate: true, onsubmit: async event => {
      event.preventDefault();
      let body;
      try {
        body = context.value.trim() === "" ? {} : JSON.parse(context.value);
        error.hidden = true;
      } catch {
        error.hidden = false;
        error.textContent = "The context must be JSON, such as the example.";
        return;
      }
      fill(result, h("p", { class: "muted", text: "Running…" }));
      try {
        const outcome = await this.api.post(`/${enc(this.name)}/actions/${enc(action.id)}`, body);
        fill(result, h("div", { class: outcome.success ? "action-result" : "action-result is-error" },
          h("p", { text: outcome.success ? "Done." : "Failed." }, outcome.message ? ` ${outcome.message}` : ""),
          outcome.error ? h("pre", { class: "error-text", text: outcome.error }) : null,
          outcome.data != null ? h("pre", { text: pretty(outcome.data) }) : null));
      } catch (failure) {
        fill(result, alertFor(failure));
      }
    } },
    h("label", { for: id, text: "Context (JSON)" }), context, error,
    h("div", { class: "actions-row" }, h("button", { type: "submit", text: `Run ${action.label}` })));
    return h("details", { class: "action-item", "data-action": action.id },
      h("summary", {}, action.label, " ", h("code", { text: action.id })),
      action.description ? h("p", { class: "description", text: action.description }) : null,
      form, result);
  }
}

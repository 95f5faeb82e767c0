// The dashboard's entry: routes between the list and a plugin's page, and refreshes the open view on every change event.
import { createApi } from "./api.js";
import { ListView } from "./list.js";
import { PluginView } from "./plugin.js";

const body = document.body;
const base = body.dataset.base;
const api = createApi(body.dataset.api);
const main = document.getElementById("main");
const live = document.getElementById("live");

let view = null;
let refreshing = null;
let again = false;

function route() {
  view?.dispose();
  const rest = location.pathname.startsWith(base) ? location.pathname.slice(base.length).replace(/^\/+|\/+$/g, "") : "";
  const context = { api, base, navigate };
  view = rest === "" ? new ListView(context) : new PluginView(context, decodeURIComponent(rest));
  main.replaceChildren(view.element);
  document.title = view.title;
  refresh();
}

function navigate(url) {
  history.pushState(null, "", url);
  route();
  main.focus();
}

/** Refreshes the open view; a change that comes during a refresh runs one more when it is done. */
function refresh() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  const current = view;
  refreshing = current.refresh().finally(() => {
    refreshing = null;
    if (again || current !== view) {
      again = false;
      refresh();
    }
  });
  return refreshing;
}

window.addEventListener("popstate", route);
document.addEventListener("click", event => {
  const link = event.target.closest?.("a[data-nav]");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.href);
});

// Server-sent events from the runtime's change token; after a reconnection the view is read again, as changes may have been missed.
const events = new EventSource(`${base}/_events`);
let connected = false;
events.addEventListener("change", () => refresh());
events.addEventListener("open", () => {
  live.textContent = "Live";
  live.dataset.state = "live";
  if (connected) refresh();
  connected = true;
});
events.addEventListener("error", () => {
  live.textContent = "Reconnecting…";
  live.dataset.state = "reconnecting";
});

route();

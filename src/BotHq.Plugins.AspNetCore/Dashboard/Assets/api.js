// The REST API of MapBotHqPlugins: every read and change the dashboard makes goes through it, with JSON bodies.

/** An answer other than 2xx, with the API's problem details when it sent them. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem;
  }

  /** The errors per field of a validation problem: { field: [messages] }. */
  get errors() {
    return this.problem?.errors ?? {};
  }
}

export const enc = encodeURIComponent;

export function createApi(base) {
  async function request(method, path, body) {
    const init = { method, headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" };
    if (method === "POST" || method === "PUT" || method === "PATCH") {
      // The API requires the JSON media type, even for an empty body: that is its cross-site protection.
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body ?? {});
    }
    let response;
    try {
      response = await fetch(base + path, init);
    } catch (error) {
      throw new ApiError(0, null, `The server could not be reached (${error.message}).`);
    }
    const type = response.headers.get("Content-Type") ?? "";
    const json = /[/+]json\b/.test(type) ? await response.json().catch(() => null) : null;
    if (!response.ok) throw new ApiError(response.status, json, describe(response, json));
    if (json === null) throw notMapped(base, response.status);
    return json;
  }

  return {
    base,
    get: path => request("GET", path),
    post: (path, body) => request("POST", path, body),
    put: (path, body) => request("PUT", path, body),
    patch: (path, body) => request("PATCH", path, body),
    delete: path => request("DELETE", path),
    notMapped: status => notMapped(base, status),
  };
}

function describe(response, problem) {
  if (problem?.title || problem?.detail) return [problem.title, problem.detail].filter(Boolean).join(" ");
  if (response.status === 401 || response.status === 403) return `The API refused the request (${response.status}): sign in with an account that may manage plugins.`;
  return `The API answered ${response.status} ${response.statusText}.`;
}

function notMapped(base, status) {
  return new ApiError(status, null,
    `No plugin API answers at ${base || "/"}. Map it beside the dashboard with app.MapBotHqPlugins("${base || "/api/plugins"}"), ` +
    "or tell the dashboard where it is: MapBotHqPluginsDashboard(\"/plugins\", o => o.ApiPrefix = \"/your/api\").");
}

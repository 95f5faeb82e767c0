// DOM building without HTML parsing: text is always a text node, so nothing a plugin or server says can become markup.
// (The page's Content-Security-Policy also requires Trusted Types with no policy, so no HTML sink accepts a string at all.)

const properties = new Set(["value", "checked", "disabled", "selected", "hidden", "open", "required", "indeterminate"]);

/** Creates an element: props are attributes (class, id, aria-*), "text" for its text, "on..." for listeners. */
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (properties.has(key)) node[key] = value;
    else node.setAttribute(key === "className" ? "class" : key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Appends children: nodes as they are, strings and numbers as text, arrays flattened, null and false skipped. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces an element's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A link for an address a plugin or server gave: only http and https become links, anything else stays text. */
export function safeLink(address, label) {
  let url;
  try {
    url = new URL(address);
  } catch {
    return h("span", { class: "address", text: label ?? address });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return h("span", { class: "address", text: label ?? address });
  return h("a", { href: url.href, rel: "noopener noreferrer", target: "_blank", text: label ?? address });
}

/** A state in colour and in words (never colour alone). */
export function badge(kind, value, words) {
  return h("span", { class: `badge ${kind}-${value}`, text: words ?? String(value).replaceAll("-", " ") });
}

/** An alert line for an error, with the API's detail when it gave one. */
export function alertFor(error) {
  return h("p", { class: "alert", role: "alert", text: error?.message ?? String(error) });
}

let counter = 0;
/** A page-unique id for a label's "for", built from a counter, never from a plugin's text. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** JSON as text a person reads. */
export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

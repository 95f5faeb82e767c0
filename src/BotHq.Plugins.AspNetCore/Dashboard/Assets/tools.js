// The plugin's MCP tools, each with a form made from its input schema to call it, and every kind of content a result holds.
import { enc } from "./api.js";
import { alertFor, fill, h, pretty, safeLink, uid } from "./dom.js";

const reasons = {
  disabled: "The plugin is disabled: enable it to list and call its tools.",
  "needs-configuration": "The plugin needs configuration: set its required credentials to list and call its tools.",
  failed: "The plugin failed; its problems above say why.",
  incompatible: "The plugin needs a newer host, so its server is not started.",
  missing: "The plugin's folder is missing.",
};

export class ToolsSection {
  constructor({ api }, name) {
    this.api = api;
    this.name = name;
    this.body = h("div", { class: "tools" });
    this.element = h("section", { class: "card wide", "aria-labelledby": "tools-title", hidden: true },
      h("h2", { id: "tools-title", text: "Tools" }), this.body);
  }

  async refresh(details) {
    this.element.hidden = !details.hasMcp;
    if (!details.hasMcp) return;
    if (details.state !== "enabled") {
      this.key = null;
      fill(this.body, h("p", { class: "muted", text: reasons[details.state] ?? `The plugin is ${details.state}.` }));
      return;
    }
    // Listing starts the plugin's server if it is not running yet, as any use of the API does.
    let response;
    try {
      response = await this.api.get(`/${enc(this.name)}/tools`);
    } catch (error) {
      if (!this.disposed) {
        this.key = null;
        fill(this.body, alertFor(error));
      }
      return;
    }
    const key = JSON.stringify(response.tools);
    if (this.disposed || key === this.key) return true;
    this.key = key;
    fill(this.body, response.tools.length === 0
      ? h("p", { class: "muted", text: "The server offers no tools." })
      : response.tools.map(tool => this.tool(tool)));
    return true;
  }

  tool(tool) {
    const fields = schemaFields(tool.inputSchema);
    const result = h("div", { class: "result", "aria-live": "polite" });
    const button = h("button", { type: "submit", class: "primary", text: `Call ${tool.name}` });
    const form = h("form", { class: "tool-form", novalidate: true, onsubmit: async event => {
      event.preventDefault();
      const args = {};
      let bad = 0;
      for (const f of fields) {
        const read = f.read();
        f.showError(read.error);
        if (read.error) bad += 1;
        else if (!read.omit) args[f.name] = read.value;
      }
      if (bad) return;
      button.disabled = true;
      fill(result, h("p", { class: "muted", text: "Calling…" }));
      try {
        fill(result, renderResult(await this.api.post(`/${enc(this.name)}/tools/${enc(tool.name)}`, args)));
      } catch (error) {
        fill(result, alertFor(error));
      } finally {
        button.disabled = false;
      }
    } },
    fields.length ? fields.map(f => f.element) : h("p", { class: "muted", text: "It takes no arguments." }),
    h("div", { class: "actions-row" }, button));
    return h("details", { class: "tool", "data-tool": tool.name },
      h("summary", {}, tool.title && tool.title !== tool.name ? [h("span", { class: "tool-title", text: tool.title }), " "] : null, h("code", { text: tool.name })),
      tool.description ? h("p", { class: "description", text: tool.description }) : null,
      form, result);
  }
}

/** One field per property of an object schema: text, number, true/false, a choice for an enum, JSON for anything else. */
function schemaFields(schema) {
  const properties = schema && typeof schema === "object" && schema.properties && typeof schema.properties === "object" ? schema.properties : {};
  const required = new Set(Array.isArray(schema?.required) ? schema.required : []);
  return Object.entries(properties).map(([name, property]) => schemaField(name, property ?? {}, required.has(name)));
}

function schemaField(name, property, required) {
  const id = uid("arg");
  const types = (Array.isArray(property.type) ? property.type : [property.type]).filter(t => t && t !== "null");
  const type = types.length === 1 ? types[0] : null;
  const placeholder = property.default !== undefined ? JSON.stringify(property.default) : property.examples?.[0] !== undefined ? JSON.stringify(property.examples[0]) : undefined;
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  const hint = h("p", { class: "hint", id: `${id}-hint` },
    property.description ?? "", h("span", { class: "muted", text: ` ${type ?? "JSON"}${required ? ", required" : ""}` }));
  const common = { id, "aria-describedby": `${id}-hint ${id}-error`, "aria-required": required ? "true" : null };
  let input;
  let read;
  if (Array.isArray(property.enum) && property.enum.every(v => ["string", "number", "boolean"].includes(typeof v))) {
    input = h("select", common, required ? null : h("option", { value: "", text: "(not set)" }),
      property.enum.map((value, index) => h("option", { value: String(index), text: String(value) })));
    read = () => (input.value === "" ? { omit: true } : { value: property.enum[Number(input.value)] });
  } else if (type === "boolean") {
    input = h("select", common, h("option", { value: "", text: "(not set)" }), h("option", { value: "true", text: "true" }), h("option", { value: "false", text: "false" }));
    read = () => (input.value === "" ? { omit: true } : { value: input.value === "true" });
  } else if (type === "number" || type === "integer") {
    input = h("input", { ...common, type: "text", inputmode: type === "integer" ? "numeric" : "decimal", placeholder });
    read = () => {
      const text = input.value.trim();
      if (text === "") return { omit: true };
      const number = Number(text);
      if (!Number.isFinite(number) || (type === "integer" && !Number.isInteger(number))) return { error: `Enter ${type === "integer" ? "a whole number" : "a number"}.` };
      return { value: number };
    };
  } else if (type === "string") {
    input = h("input", { ...common, type: "text", placeholder: typeof property.default === "string" ? property.default : undefined });
    read = () => (input.value === "" && !required ? { omit: true } : { value: input.value });
  } else {
    input = h("textarea", { ...common, rows: "3", spellcheck: "false", placeholder: placeholder ?? (type === "array" ? "[ ]" : "JSON") });
    read = () => {
      if (input.value.trim() === "") return { omit: true };
      try {
        return { value: JSON.parse(input.value) };
      } catch {
        return { error: "Enter JSON (for example {\"key\": \"value\"}, [1, 2] or \"text\")." };
      }
    };
  }
  return {
    name,
    read,
    element: h("div", { class: "field", "data-argument": name }, h("label", { for: id }, property.title ?? name, required ? h("span", { class: "required", text: " required" }) : null), input, hint, error),
    showError(message) {
      error.hidden = !message;
      error.textContent = message ?? "";
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    },
  };
}

const imageTypes = /^image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml)$/;
const audioTypes = /^audio\/(wav|x-wav|mpeg|mp3|ogg|webm|aac|flac)$/;
const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A tool's result: each content block by kind (text, image, audio, resource link, embedded resource), then the structured content. */
export function renderResult(result) {
  const blocks = Array.isArray(result.content) ? result.content : [];
  return h("div", { class: result.isError ? "tool-result is-error" : "tool-result" },
    result.isError ? h("p", { class: "alert", role: "alert", text: "The tool reported an error:" }) : null,
    blocks.length === 0 && result.structuredContent == null ? h("p", { class: "muted", text: "The result is empty." }) : null,
    blocks.map(renderBlock),
    result.structuredContent != null ? h("figure", { class: "block block-structured" },
      h("figcaption", { text: "Structured content" }), h("pre", { text: pretty(result.structuredContent) })) : null);
}

function renderBlock(block) {
  const kind = block?.type;
  if (kind === "text" && typeof block.text === "string") {
    return h("pre", { class: "block block-text", text: block.text });
  }
  if (kind === "image" && imageTypes.test(block.mimeType ?? "") && typeof block.data === "string" && base64.test(block.data)) {
    return h("figure", { class: "block block-image" },
      h("img", { src: `data:${block.mimeType};base64,${block.data}`, alt: `Image returned by the tool (${block.mimeType})` }),
      h("figcaption", { text: block.mimeType }));
  }
  if (kind === "audio" && audioTypes.test(block.mimeType ?? "") && typeof block.data === "string" && base64.test(block.data)) {
    return h("figure", { class: "block block-audio" },
      h("audio", { controls: true, src: `data:${block.mimeType};base64,${block.data}` }), h("figcaption", { text: block.mimeType }));
  }
  if (kind === "resource_link" && typeof block.uri === "string") {
    return h("div", { class: "block block-link" },
      h("span", { class: "muted", text: "Resource link: " }), safeLink(block.uri, block.title ?? block.name ?? block.uri),
      block.name && (block.title || block.name !== block.uri) ? h("code", { text: ` ${block.uri}` }) : null,
      block.mimeType ? h("span", { class: "muted", text: ` (${block.mimeType})` }) : null,
      block.description ? h("p", { class: "description", text: block.description }) : null);
  }
  if (kind === "resource" && block.resource && typeof block.resource.uri === "string") {
    const resource = block.resource;
    return h("figure", { class: "block block-resource" },
      h("figcaption", {}, "Resource ", h("code", { text: resource.uri }), resource.mimeType ? ` (${resource.mimeType})` : ""),
      typeof resource.text === "string" ? h("pre", { text: resource.text })
        : typeof resource.blob === "string" ? h("p", { class: "muted", text: `Binary content, ${Math.floor(resource.blob.length * 3 / 4)} bytes.` }) : null);
  }
  return h("figure", { class: "block block-other" }, h("figcaption", { text: `Content of type ${JSON.stringify(kind ?? null)}` }), h("pre", { text: pretty(block) }));
}

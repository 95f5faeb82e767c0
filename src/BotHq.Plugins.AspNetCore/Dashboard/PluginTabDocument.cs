using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.AspNetCore.Dashboard;

/// <summary>Writes the document a plugin's UI tab runs in: a data block with the plugin's name, settings and component source, and
/// one module (allowed by nonce) that loads the component from that text and shows what it returns.</summary>
/// <remarks>
/// <para>The contract a tab's component follows (also in docs/manifest.md): an ES module whose default export is a function that
/// takes <c>{ plugin, settings }</c> and returns a DOM node (or a promise of one), which is shown as the tab's content.</para>
/// <para>All plugin text is JSON written with every <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> escaped, so nothing in it can end
/// the data block; the label is HTML-encoded.</para>
/// </remarks>
internal static class PluginTabDocument
{
    private const string Loader = """
        const data = JSON.parse(document.getElementById("bothq-tab").textContent);
        const show = node => document.body.replaceChildren(node);
        const fail = error => {
          const message = document.createElement("pre");
          message.className = "bothq-tab-error";
          message.textContent = `The tab "${data.tab}" of plugin "${data.plugin}" failed: ${error instanceof Error ? error.message : String(error)}`;
          show(message);
        };
        try {
          const url = URL.createObjectURL(new Blob([data.source], { type: "text/javascript" }));
          const component = (await import(url)).default;
          URL.revokeObjectURL(url);
          if (typeof component !== "function") throw new Error("its module has no default export that is a function");
          const node = await component({ plugin: data.plugin, settings: data.settings });
          if (!(node instanceof Node)) throw new Error("its function did not return a DOM node");
          show(node);
        } catch (error) {
          fail(error);
        }
        """;

    public static byte[] Render(string plugin, PluginUiTab tab, PluginSettings settings, string source, string nonce)
    {
        using var data = new MemoryStream();
        using (var writer = new Utf8JsonWriter(data, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            writer.WriteStartObject();
            writer.WriteString("plugin", plugin);
            writer.WriteString("tab", tab.Id);
            writer.WriteStartObject("settings");
            foreach (var setting in settings.Items)
            {
                writer.WritePropertyName(setting.Key);
                setting.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteString("source", source);
            writer.WriteEndObject();
        }

        var html = new StringBuilder(source.Length + 2048)
            .Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(HtmlEncoder.Default.Encode(tab.Label ?? tab.Id ?? plugin))
            .Append("</title><style>body{font:14px/1.5 system-ui,sans-serif;margin:12px;color:#1b1f24}</style></head>\n<body>\n")
            .Append("<script type=\"application/json\" id=\"bothq-tab\">").Append(Encoding.UTF8.GetString(data.GetBuffer(), 0, (int)data.Length)).Append("</script>\n")
            .Append("<script type=\"module\" nonce=\"").Append(nonce).Append("\">\n").Append(Loader).Append("\n</script>\n</body></html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }
}

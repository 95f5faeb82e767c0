using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tools;

/// <summary>Maps MCP tool results and call failures to the <see cref="AIContent"/> a chat client hands back to the model.</summary>
internal static class ToolResults
{
    /// <summary>Maps each content block, keeps the structured content, and turns <c>isError</c> into an <see cref="ErrorContent"/> first.</summary>
    public static List<AIContent> ToContents(McpToolResult result, string plugin, string tool)
    {
        var contents = new List<AIContent>(result.Content.Count + 1);
        StringBuilder? errorText = null;
        foreach (var block in result.Content)
        {
            if (result.IsError && TryGetText(block, out var text))
            {
                (errorText ??= new StringBuilder()).Append(errorText.Length > 0 ? "\n" : "").Append(text);
                continue;
            }

            contents.Add(ToContent(block));
        }

        if (result.StructuredContent is { } structured)
        {
            KeepStructured(contents, structured);
        }

        if (result.IsError)
        {
            contents.Insert(0, new ErrorContent(errorText?.ToString() ?? $"Tool '{tool}' of plugin '{plugin}' reported an error without a message.")
            {
                ErrorCode = PluginToolErrorCodes.ToolError,
                Details = $"Tool '{tool}' of plugin '{plugin}' reported that it failed.",
                RawRepresentation = result,
            });
        }

        return contents;
    }

    /// <summary>Gets the error code a call failure gets, or <see langword="null"/> for one the host must see as an exception.</summary>
    public static string? ErrorCode(PluginException exception) => exception switch
    {
        McpException => PluginToolErrorCodes.ProtocolError,
        McpTimeoutException => PluginToolErrorCodes.Timeout,
        McpToolNotAllowedException => PluginToolErrorCodes.ToolNotAllowed,
        PluginUnavailableException or PluginNotFoundException => PluginToolErrorCodes.PluginUnavailable,
        McpServerException => PluginToolErrorCodes.ServerFailed,
        _ => null,
    };

    /// <summary>The result a failed call hands the model: one <see cref="ErrorContent"/> with the runtime's message.</summary>
    public static List<AIContent> FromException(string code, PluginException exception) =>
        [new ErrorContent(exception.Message) { ErrorCode = code, RawRepresentation = exception }];

    private static AIContent ToContent(JsonElement block)
    {
        var type = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t : default;
        AIContent content;
        try
        {
            // Compared as UTF-8, so the common text block costs no string for its type.
            content = type.ValueKind != JsonValueKind.String ? new TextContent(block.GetRawText())
                : type.ValueEquals("text"u8) ? new TextContent(RequiredString(block, "text"))
                : type.ValueEquals("image"u8) || type.ValueEquals("audio"u8) ? new DataContent(Convert.FromBase64String(RequiredString(block, "data")), RequiredString(block, "mimeType"))
                : type.ValueEquals("resource_link"u8) ? ResourceLink(block)
                : type.ValueEquals("resource"u8) ? EmbeddedResource(block)

                // A kind this client does not know yet: the model still reads it, as the server wrote it.
                : new TextContent(block.GetRawText());
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            content = new TextContent($"The tool returned a '{type.GetString()}' content block that could not be read: {ex.Message}");
        }

        content.RawRepresentation = block;
        return content;
    }

    private static UriContent ResourceLink(JsonElement block)
    {
        var link = new UriContent(new Uri(RequiredString(block, "uri"), UriKind.Absolute), OptionalString(block, "mimeType"));
        CopyMembers(block, link, "name", "title", "description", "size");
        return link;
    }

    private static AIContent EmbeddedResource(JsonElement block)
    {
        var resource = block.GetProperty("resource");
        var uri = RequiredString(resource, "uri");
        var mimeType = OptionalString(resource, "mimeType");
        AIContent content = resource.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? new TextContent(text.GetString())
            : new DataContent(Convert.FromBase64String(RequiredString(resource, "blob")), mimeType ?? "application/octet-stream") { Name = uri };
        content.AdditionalProperties = new AdditionalPropertiesDictionary { ["uri"] = uri };
        if (mimeType is not null)
        {
            content.AdditionalProperties["mimeType"] = mimeType;
        }

        return content;
    }

    /// <summary>Marks the text block that holds the structured content's JSON, or adds one, so the model reads it once.</summary>
    private static void KeepStructured(List<AIContent> contents, JsonElement structured)
    {
        foreach (var content in contents)
        {
            if (content is TextContent { Text: { } text } && LooksLikeJson(text) && IsSameJson(text, structured))
            {
                (content.AdditionalProperties ??= [])[PluginToolFunction.StructuredContentKey] = structured;
                return;
            }
        }

        contents.Add(new TextContent(structured.GetRawText())
        {
            AdditionalProperties = new AdditionalPropertiesDictionary { [PluginToolFunction.StructuredContentKey] = structured },
            RawRepresentation = structured,
        });
    }

    private static bool LooksLikeJson(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return !trimmed.IsEmpty && trimmed[0] is '{' or '[';
    }

    private static bool IsSameJson(string text, JsonElement structured)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonElement.DeepEquals(document.RootElement, structured);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryGetText(JsonElement block, out string text)
    {
        if (block.ValueKind == JsonValueKind.Object
            && block.TryGetProperty("type", out var type) && type.ValueEquals("text")
            && block.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
        {
            text = value.GetString()!;
            return true;
        }

        text = "";
        return false;
    }

    private static string RequiredString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"it has no string member \"{name}\"");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void CopyMembers(JsonElement block, AIContent content, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (block.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null)
            {
                (content.AdditionalProperties ??= [])[name] = value.ValueKind == JsonValueKind.String ? value.GetString() : value.Clone();
            }
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotHq.Plugins.Mcp;

/// <summary>Replaces a plugin's credential values by <c>***</c> in any text shown outside its server: stderr, log lines, error messages.</summary>
internal sealed class CredentialMasker
{
    public const string Mask = "***";

    private readonly string[] _secrets;

    public CredentialMasker(IEnumerable<string> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        _secrets = [.. secrets.Where(value => !string.IsNullOrEmpty(value)).Distinct(StringComparer.Ordinal).OrderByDescending(value => value.Length)];
    }

    public string Apply(string text)
    {
        if (_secrets.Length == 0 || string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>Masks every string (values and member names) inside a JSON value, compared unescaped, so a secret holding
    /// quotes, backslashes or non-ASCII characters is found as well.</summary>
    public JsonElement? Apply(JsonElement? json)
    {
        if (json is not { } value || _secrets.Length == 0 || !_secrets.Any(s => value.GetRawText().Contains(s, StringComparison.Ordinal) || MayHideEscaped(s)))
        {
            return json;
        }

        var masked = MaskNode(JsonNode.Parse(value.GetRawText()));
        using var document = JsonDocument.Parse(masked?.ToJsonString() ?? "null");
        return document.RootElement.Clone();
    }

    /// <summary>Masks a JSON value into text for a log line.</summary>
    public string ApplyToText(JsonElement json) =>
        json.ValueKind == JsonValueKind.String ? Apply(json.GetString() ?? string.Empty) : Apply((JsonElement?)json)!.Value.GetRawText();

    // A secret with a character JSON escapes never appears verbatim in raw JSON text, so such secrets always take the slow path.
    private static bool MayHideEscaped(string secret) => secret.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || secret.Contains('"', StringComparison.Ordinal)
        || secret.Contains('\\', StringComparison.Ordinal) || secret.Any(c => c > '\u007e');

    private JsonNode? MaskNode(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(Apply(p.Key), MaskNode(p.Value?.DeepClone())))),
        JsonArray array => new JsonArray([.. array.Select(item => MaskNode(item?.DeepClone()))]),
        JsonValue leaf when leaf.GetValueKind() == JsonValueKind.String => JsonValue.Create(Apply(leaf.GetValue<string>())),
        _ => node?.DeepClone(),
    };
}

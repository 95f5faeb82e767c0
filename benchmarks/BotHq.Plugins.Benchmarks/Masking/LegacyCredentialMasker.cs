using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotHq.Plugins.Benchmarks.Masking;

/// <summary>The masker as it was before issue 13 (whole values only, JSON through JsonNode), kept as the baseline.</summary>
internal sealed class LegacyCredentialMasker
{
    private const string Mask = "***";

    private readonly string[] _secrets;

    public LegacyCredentialMasker(IEnumerable<string> secrets)
    {
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

    public string ApplyToText(JsonElement json) =>
        json.ValueKind == JsonValueKind.String ? Apply(json.GetString() ?? string.Empty) : Apply((JsonElement?)json)!.Value.GetRawText();

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

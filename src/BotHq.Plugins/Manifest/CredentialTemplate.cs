namespace BotHq.Plugins.Manifest;

/// <summary>A header value of <c>mcp.headers</c> that may reference the plugin's credentials as <c>${KEY}</c>, such as
/// <c>"Bearer ${API_TOKEN}"</c>.</summary>
/// <remarks>There is no escape: <c>${</c> always opens a reference, which keeps the rule one a reader can hold in their head;
/// a server that needs a literal <c>${</c> in a header is not one we have met.</remarks>
internal static class CredentialTemplate
{
    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>Finds the credential keys a header value references.</summary>
    /// <param name="value">The header value as the manifest writes it.</param>
    /// <param name="keys">The referenced keys, in order (a key may repeat).</param>
    /// <returns>Why the value is not a valid template, or <see langword="null"/> when it is.</returns>
    public static string? Parse(string value, out List<string> keys)
    {
        keys = [];
        var rest = value.AsSpan();
        while (rest.IndexOf("${", StringComparison.Ordinal) is var start and >= 0)
        {
            rest = rest[(start + 2)..];
            var end = rest.IndexOf('}');
            if (end < 0)
            {
                return "has a '${' without its closing '}'; write a credential reference as ${KEY}, such as \"Bearer ${API_TOKEN}\".";
            }

            var key = rest[..end].ToString();
            if (!IsName(key))
            {
                return $"references '${{{(key.Length > 40 ? key[..40] + "…" : key)}}}', which is not a credential key; write ${{KEY}} with a key declared under credentials (letters, digits and '_', not starting with a digit).";
            }

            keys.Add(key);
            rest = rest[(end + 1)..];
        }

        return null;
    }

    /// <summary>Replaces each <c>${KEY}</c> with the credential's value.</summary>
    /// <param name="value">A header value that passed <see cref="Parse"/>.</param>
    /// <param name="credentials">The plugin's credential values, by key.</param>
    /// <param name="missing">The first referenced key without a value, when there is one.</param>
    /// <returns>The value to send, or <see langword="null"/> when a referenced credential has no value.</returns>
    public static string? Expand(string value, IReadOnlyDictionary<string, string> credentials, out string? missing)
    {
        missing = null;
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var text = new System.Text.StringBuilder(value.Length + 32);
        var rest = value.AsSpan();
        while (rest.IndexOf("${", StringComparison.Ordinal) is var start and >= 0)
        {
            text.Append(rest[..start]);
            rest = rest[(start + 2)..];
            var end = rest.IndexOf('}');
            var key = rest[..end].ToString();
            if (!credentials.TryGetValue(key, out var secret) || secret.Length == 0)
            {
                missing = key;
                return null;
            }

            text.Append(secret);
            rest = rest[(end + 1)..];
        }

        return text.Append(rest).ToString();
    }

    private static bool IsName(string key) =>
        key.Length > 0 && !char.IsAsciiDigit(key[0]) && key.AsSpan().IndexOfAnyExcept(NameCharacters) < 0;
}

using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>The forms in which a server's own output may print a credential value.</summary>
internal sealed partial class CredentialMasker
{
    /// <summary>Gets the value as given, with LF and with CRLF line ends, and each of those JSON-escaped (System.Text.Json's
    /// default escaping writes <c>+</c> as <c>\u002B</c> and non-ASCII as <c>\uXXXX</c>; JavaScript escapes only quotes,
    /// backslashes and control characters; Python writes lower-case hex), URL-encoded (upper- and lower-case hex, and a space
    /// as <c>+</c>) and HTML-escaped.</summary>
    private static HashSet<string> Forms(string secret)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { secret };
        if (secret.AsSpan().ContainsAny('\r', '\n'))
        {
            forms.Add(secret.ReplaceLineEndings("\n"));
            forms.Add(secret.ReplaceLineEndings("\r\n"));
        }

        foreach (var form in forms.ToArray())
        {
            var escaped = JsonEncodedText.Encode(form, JavaScriptEncoder.Default).Value;
            forms.Add(escaped);
            forms.Add(LowerHex(escaped, '\\', 'u', 4));
            forms.Add(JsonEncodedText.Encode(form, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
            var encoded = Uri.EscapeDataString(form);
            forms.Add(encoded);
            forms.Add(LowerHex(encoded, '%', null, 2));

            // Form encoding (a login body, Python's quote_plus) writes a space as '+': a passphrase's words are each shorter
            // than a window, so only the whole form finds it.
            forms.Add(encoded.Replace("%20", "+", StringComparison.Ordinal));

            // HTML-escaped, as an error page or a log formatter prints it: .NET's WebUtility (&#39;, Latin-1 as &#233;) and
            // HtmlEncoder (&#x2B;, every non-ASCII character), and the five characters most libraries escape (Python's html.escape).
            forms.Add(WebUtility.HtmlEncode(form));
            forms.Add(HtmlEncoder.Default.Encode(form));
            forms.Add(form.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
                .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#x27;", StringComparison.Ordinal));
        }

        return forms;
    }

    /// <summary>Lower-cases the hex digits of every escape in an escaped text: <c>\u002B</c> to <c>\u002b</c>, <c>%2B</c> to <c>%2b</c>.</summary>
    /// <param name="text">JSON-escaped or URL-encoded text, in which every <paramref name="escape"/> starts an escape.</param>
    /// <param name="escape">The character that starts an escape.</param>
    /// <param name="kind">The character after it that marks a hex escape (<c>u</c> in JSON), or <see langword="null"/> when every escape is hex.</param>
    /// <param name="digits">How many hex digits follow.</param>
    private static string LowerHex(string text, char escape, char? kind, int digits)
    {
        if (!text.Contains(escape, StringComparison.Ordinal))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] != escape || i + 1 >= chars.Length)
            {
                continue;
            }

            var first = kind is null ? i + 1 : i + 2;
            if (kind is not null && chars[i + 1] != kind)
            {
                // Another escape (\n, \\): skip its second character, which is not the start of an escape.
                i++;
                continue;
            }

            for (var d = first; d < first + digits && d < chars.Length; d++)
            {
                chars[d] = char.ToLowerInvariant(chars[d]);
            }

            i = first + digits - 1;
        }

        return new string(chars);
    }
}

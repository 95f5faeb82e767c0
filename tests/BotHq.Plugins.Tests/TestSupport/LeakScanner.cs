using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Looks for any eight-character fragment of a credential value in text a host could show, as written and decoded.</summary>
/// <remarks>
/// Each text is scanned as it is, with its JSON escapes decoded wherever they stand (<c>\u002B</c>, <c>\n</c>: an escaped leak
/// does not pass), URL-decoded (also with <c>+</c> as a space), and HTML-decoded (<c>&amp;lt;</c>, <c>&amp;#x2B;</c>). A value is looked for with LF and with CRLF line ends. Written apart from the runtime's
/// masker, and plainly, so it is an independent judge of it.
/// </remarks>
internal sealed class LeakScanner
{
    public const int FragmentLength = 8;

    private readonly List<(string Name, HashSet<string> Fragments)> _secrets = [];
    private readonly List<string> _leaks = [];

    public LeakScanner(IReadOnlyDictionary<string, string> secrets)
    {
        foreach (var (name, value) in secrets)
        {
            var fragments = new HashSet<string>(StringComparer.Ordinal);
            foreach (var form in new[] { value, value.ReplaceLineEndings("\n"), value.ReplaceLineEndings("\r\n") })
            {
                for (var i = 0; i + FragmentLength <= form.Length; i++)
                {
                    fragments.Add(form.Substring(i, FragmentLength));
                }
            }

            _secrets.Add((name, fragments));
        }
    }

    /// <summary>Gets what was found: where, which value, which fragment.</summary>
    public IReadOnlyList<string> Leaks => _leaks;

    /// <summary>Gets how many texts were scanned, so a test can tell that it looked at something.</summary>
    public int Scanned { get; private set; }

    /// <summary>Scans one text.</summary>
    /// <param name="where">Where the text was shown, for the failure message.</param>
    /// <param name="text">The text.</param>
    public void Scan(string where, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Scanned++;
        foreach (var form in new[] { text, JsonUnescape(text), UrlDecode(text), FormDecode(text), WebUtility.HtmlDecode(text) }.Distinct(StringComparer.Ordinal))
        {
            foreach (var (name, fragments) in _secrets)
            {
                for (var i = 0; i + FragmentLength <= form.Length; i++)
                {
                    var fragment = form.Substring(i, FragmentLength);
                    if (fragments.Contains(fragment))
                    {
                        _leaks.Add($"{where}: the {name} value's fragment '{fragment}' at {i.ToString(CultureInfo.InvariantCulture)} in: {Excerpt(form, i)}");
                        break;
                    }
                }
            }
        }
    }

    /// <summary>Scans a JSON document: its raw text, and every member name and string value, decoded.</summary>
    public void ScanJson(string where, string json)
    {
        Scan(where, json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return;
        }

        using (document)
        {
            ScanJson(where, document.RootElement);
        }
    }

    /// <summary>Scans every member name and string value of a JSON value, decoded.</summary>
    public void ScanJson(string where, JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in json.EnumerateObject())
                {
                    Scan($"{where} (member name)", property.Name);
                    ScanJson($"{where}.{property.Name}", property.Value);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in json.EnumerateArray())
                {
                    ScanJson($"{where}[{index++}]", item);
                }

                break;
            case JsonValueKind.String:
                Scan(where, json.GetString());
                break;
        }
    }

    /// <summary>Scans an exception: its full text (type, message, inner exceptions, stack) and the MCP exceptions' own members.</summary>
    public void ScanException(string where, Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            Scan($"{where} ({current.GetType().Name}.Message)", current.Message);
            switch (current)
            {
                case McpServerException server:
                    for (var i = 0; i < server.LastStderrLines.Count; i++)
                    {
                        Scan($"{where} (LastStderrLines[{i}])", server.LastStderrLines[i]);
                    }

                    break;
                case McpException mcp:
                    Scan($"{where} (ErrorMessage)", mcp.ErrorMessage);
                    if (mcp.ErrorData is { } data)
                    {
                        ScanJson($"{where} (ErrorData)", data.GetRawText());
                    }

                    break;
            }
        }

        Scan($"{where} (ToString)", exception?.ToString());
    }

    /// <summary>Fails with every leak found, or when nothing was scanned.</summary>
    public void AssertNoLeak()
    {
        Assert.That(Scanned, Is.GreaterThan(0), "nothing was scanned");
        Assert.That(_leaks, Is.Empty, $"{_leaks.Count} leak(s):\n" + string.Join("\n", _leaks.Take(40)));
    }

    /// <summary>Decodes JSON escapes wherever they stand in a text, valid JSON or not.</summary>
    private static string JsonUnescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                builder.Append(text[i]);
                continue;
            }

            var next = text[i + 1];
            if (next == 'u' && i + 5 < text.Length && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                builder.Append((char)code);
                i += 5;
                continue;
            }

            builder.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => next });
            i++;
        }

        return builder.ToString();
    }

    private static string UrlDecode(string text)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    /// <summary>Decodes form encoding (application/x-www-form-urlencoded, Python's <c>quote_plus</c>), where a space is <c>+</c>.</summary>
    private static string FormDecode(string text) => text.Contains('+', StringComparison.Ordinal) ? UrlDecode(text.Replace('+', ' ')) : text;

    private static string Excerpt(string text, int at)
    {
        var start = Math.Max(0, at - 60);
        return text.Substring(start, Math.Min(text.Length, at + 80) - start).ReplaceLineEndings("⏎");
    }
}

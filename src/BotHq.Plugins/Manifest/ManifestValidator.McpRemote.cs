using System.Net;
using System.Text.Json;

namespace BotHq.Plugins.Manifest;

/// <summary>The rules of a remote MCP server: <c>mcp.url</c> and <c>mcp.headers</c>.</summary>
internal sealed partial class ManifestValidator
{
    /// <summary>Headers the runtime writes itself; a manifest may not set them.</summary>
    private static readonly string[] RuntimeHeaders =
    [
        "Accept", "Connection", "Content-Length", "Content-Type", "Host", "Last-Event-ID", "Mcp-Method", "Mcp-Name",
        "MCP-Protocol-Version", "Mcp-Session-Id", "Transfer-Encoding",
    ];

    private static readonly System.Buffers.SearchValues<char> TokenCharacters =
        System.Buffers.SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Query parameter names that hold a secret exactly as written (compared ignoring case, '-' read as '_').</summary>
    private static readonly string[] SecretQueryNames = ["key", "sig", "code", "pass", "pwd", "jwt"];

    /// <summary>Parts of query parameter names that mark a secret.</summary>
    private static readonly string[] SecretQueryParts = ["token", "secret", "password", "passwd", "apikey", "api_key", "auth", "signature", "credential", "private"];

    /// <summary>Checks <c>mcp.url</c>: an absolute https URL, or http to a loopback address; no user info, no secret in the
    /// query, no credential reference.</summary>
    /// <remarks>The problems never quote the URL: whatever makes it wrong may be the secret.</remarks>
    private static void CheckMcpUrl(string url, List<PluginProblem> problems)
    {
        const string path = "$.mcp.url";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            problems.Add(new PluginProblem(path, "must be an absolute https URL of the server's MCP endpoint, such as \"https://mcp.example.com/mcp\"."));
            return;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            problems.Add(new PluginProblem(path, "uses http to a host that is not a loopback address; credentials and tool data would cross the network in clear. Use https, or http only to localhost, 127.0.0.1 or [::1]."));
        }

        if (uri.UserInfo.Length > 0)
        {
            problems.Add(new PluginProblem(path, "holds a user name or password before the host; the URL is shown in status and logs. Remove it and send the credential in a header instead, such as \"headers\": {\"Authorization\": \"Bearer ${API_TOKEN}\"}."));
        }

        if (url.Contains("${", StringComparison.Ordinal))
        {
            problems.Add(new PluginProblem(path, "references a credential; the URL is shown in status and logs, so credentials go only in headers, such as \"headers\": {\"Authorization\": \"Bearer ${API_TOKEN}\"}."));
        }

        if (uri.Fragment.Length > 0)
        {
            problems.Add(new PluginProblem(path, "has a fragment ('#…'), which is never sent to a server; remove it."));
        }

        foreach (var name in QueryNames(uri.Query))
        {
            if (IsSecretQueryName(name))
            {
                problems.Add(new PluginProblem(path, $"has the query parameter {Quote(name)}, which looks like a secret; the URL is shown in status and logs and is never masked. Send the secret in a header from a credential instead, such as \"headers\": {{\"X-Api-Key\": \"${{API_KEY}}\"}}."));
            }
        }
    }

    /// <summary>Checks <c>mcp.headers</c> and collects the credential keys its values reference, checked once the credentials are read.</summary>
    private static Dictionary<string, string> ValidateHeaders(JsonElement headers, List<PluginProblem> problems, List<(string Path, string Key)> references)
    {
        const string path = "$.mcp.headers";
        var values = new Dictionary<string, string>(headers.GetPropertyCount(), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ManifestObject.Create(headers, path, problems).Members())
        {
            var headerPath = Member(path, name);
            if (!IsToken(name))
            {
                problems.Add(new PluginProblem(headerPath, $"{Quote(name)} is not a valid header name: use letters, digits and !#$%&'*+-.^_`|~ only, such as \"X-Api-Key\"."));
            }
            else if (RuntimeHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) || name.StartsWith("Mcp-Param-", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new PluginProblem(headerPath, $"{Quote(name)} is set by the runtime for the MCP transport; remove it from headers."));
            }
            else if (values.ContainsKey(name))
            {
                problems.Add(new PluginProblem(headerPath, "repeats a header already given in another letter case; header names ignore case, so keep one."));
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new PluginProblem(headerPath, $"must be a string, not {Describe(value)}; write the header's value in quotes, such as \"Bearer ${{API_TOKEN}}\"."));
                continue;
            }

            var text = value.GetString()!;
            values[name] = text;
            if (text.Any(ch => (ch < ' ' && ch != '\t') || ch == '\u007f'))
            {
                // The value is not quoted: it may hold a secret written in by mistake.
                problems.Add(new PluginProblem(headerPath, "holds a line break or another control character, which a header value cannot carry; write it on one line."));
            }

            if (CredentialTemplate.Parse(text, out var keys) is { } templateProblem)
            {
                problems.Add(new PluginProblem(headerPath, templateProblem));
            }

            foreach (var key in keys)
            {
                references.Add((headerPath, key));
            }
        }

        return values;
    }

    /// <summary>Reports each <c>${KEY}</c> of <c>mcp.headers</c> whose key is not a declared credential.</summary>
    private static void CheckCredentialReferences(List<(string Path, string Key)> references, Dictionary<string, PluginCredentialDefinition>? credentials, List<PluginProblem> problems)
    {
        foreach (var (path, key) in references)
        {
            if (credentials is null || !credentials.ContainsKey(key))
            {
                problems.Add(new PluginProblem(path, $"references the credential {Quote(key)}, which is not declared; add it under credentials, such as \"credentials\": {{\"{key}\": {{\"type\": \"secret\", \"label\": \"API token\"}}}}, or correct the name (keys are case-sensitive)."));
            }
        }
    }

    private static bool IsLoopback(Uri uri) =>
        string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static IEnumerable<string> QueryNames(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = pair.Split('=', 2)[0];
            yield return Uri.UnescapeDataString(name.Replace('+', ' '));
        }
    }

    private static bool IsSecretQueryName(string name)
    {
        var folded = name.Trim().Replace('-', '_').ToLowerInvariant();
        return SecretQueryNames.Contains(folded, StringComparer.Ordinal) || SecretQueryParts.Any(part => folded.Contains(part, StringComparison.Ordinal));
    }

    /// <summary>Whether a header name is an RFC 9110 token.</summary>
    private static bool IsToken(string name) =>
        name.Length > 0 && name.AsSpan().IndexOfAnyExcept(TokenCharacters) < 0;
}

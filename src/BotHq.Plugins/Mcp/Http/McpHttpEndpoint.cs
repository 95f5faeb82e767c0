using System.Buffers;
using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Mcp.Http;

/// <summary>A remote server's address and the headers every request to it carries, built from the manifest and the plugin's
/// credentials.</summary>
/// <param name="Uri">The endpoint, as the manifest gives it.</param>
/// <param name="Display">The endpoint for status, logs and errors: scheme, host, port and path, with any query shown as <c>?…</c>.</param>
/// <param name="Headers">The manifest's headers with credential references replaced by their values.</param>
/// <param name="Secrets">The header values built from credentials: masked wherever a credential is.</param>
internal sealed record McpHttpEndpoint(Uri Uri, string Display, IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<string> Secrets)
{
    // What a header value may hold (RFC 9110 field-vchar, space and tab), without obs-text, which HttpClient refuses.
    private static readonly SearchValues<char> HeaderCharacters = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Builds the endpoint of a plugin whose manifest names a <c>url</c>.</summary>
    /// <exception cref="McpServerException">The url is not an absolute http(s) URL (the validator refuses such a manifest).</exception>
    /// <exception cref="PluginUnavailableException">A header references a credential that has no value; the message names it.</exception>
    public static McpHttpEndpoint Create(McpServerLaunch launch)
    {
        var plugin = launch.PluginName;
        if (!Uri.TryCreate(launch.Mcp.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new McpServerException(plugin, $"The mcp.url of plugin '{plugin}' is not an absolute http(s) URL; fix it in {Path.Combine(launch.PluginDirectory, "plugin.json")}.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        var secrets = new List<string>();
        foreach (var (name, template) in launch.Mcp.Headers ?? new Dictionary<string, string>())
        {
            var value = CredentialTemplate.Expand(template, launch.Credentials, out var missing);
            if (value is null)
            {
                throw new PluginUnavailableException(plugin, "enabled",
                    $"Plugin '{plugin}' sends the credential '{missing}' in its mcp.headers '{name}', but the credential has no value. Set it (SetCredentialAsync), then call again.");
            }

            if (!ReferenceEquals(value, template))
            {
                // HttpClient sends a line break in a header as it is, ending the headers early or adding headers of the value's
                // own (a token pasted with its trailing newline does this), and refuses other non-ASCII only once sent.
                CredentialTemplate.Parse(template, out var keys);
                if (keys.FirstOrDefault(key => launch.Credentials[key].AsSpan().ContainsAnyExcept(HeaderCharacters)) is { } unfit)
                {
                    throw new PluginUnavailableException(plugin, "enabled",
                        $"Plugin '{plugin}' sends the credential '{unfit}' in its mcp.headers '{name}', but the credential's value holds a line break, a control character or a non-ASCII character, which an HTTP header cannot carry (a token pasted with its trailing newline looks like this). Set it again without them (SetCredentialAsync), then call again.");
                }

                secrets.Add(value);
            }

            headers.Add(new(name, value));
        }

        return new McpHttpEndpoint(uri, DisplayOf(uri), headers, secrets);
    }

    /// <summary>Gets how the URL is shown: never its user info (the validator refuses it anyway) nor its query's values.</summary>
    public static string DisplayOf(Uri uri) =>
        $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}{(uri.Query.Length > 1 ? "?…" : string.Empty)}";
}

using System.Net;

namespace BotHq.Plugins.Samples.WebHost.Security;

/// <summary>Tells whether the addresses the server is configured for, or bound to, are reachable from other machines.</summary>
internal static class ListenAddresses
{
    /// <summary>Gets every address the configuration asks Kestrel to listen on that is not a loopback address.</summary>
    /// <remarks>Reads every place an address can come from without code: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// appsettings' <c>Urls</c>), else <c>http_ports</c> and <c>https_ports</c> (which listen on every interface; container images
    /// set them), and <c>Kestrel:Endpoints:*:Url</c>. With none of them Kestrel listens on localhost only. The addresses bound
    /// are checked again after the start, for any source this misses.</remarks>
    public static IReadOnlyList<string> NonLoopbackConfigured(IConfiguration configuration)
    {
        var found = new List<string>();
        var urls = Split(configuration["urls"]);
        found.AddRange(urls.Where(url => !IsLoopback(url)));
        if (urls.Length == 0)
        {
            // Like the host: the ports are used only when no URL is given.
            foreach (var (key, scheme) in new[] { ("http_ports", "http"), ("https_ports", "https") })
            {
                found.AddRange(Split(configuration[key]).Select(port => $"{scheme}://*:{port}"));
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url && !IsLoopback(url))
            {
                found.Add(url);
            }
        }

        return found;
    }

    /// <summary>Gets whether an address (<c>http://127.0.0.1:5080</c>, <c>http://localhost:5080</c>, <c>http://[::]:5080</c>) is loopback only.</summary>
    public static bool IsLoopback(string url)
    {
        // Kestrel's own forms: a Unix socket is local; '*', '+', a machine name or 0.0.0.0 listen on every interface.
        if (url.StartsWith("http://unix:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://unix:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var authority = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var pathStart = authority.IndexOf('/', StringComparison.Ordinal);
        authority = pathStart < 0 ? authority : authority[..pathStart];
        var host = authority.StartsWith('[') ? authority[..(authority.IndexOf(']', StringComparison.Ordinal) + 1)] : authority.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private static string[] Split(string? value) =>
        value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}

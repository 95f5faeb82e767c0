namespace BotHq.Plugins.AspNetCore.Models;

/// <summary>A plugin's credential status, as the credential endpoints return it: which are set, never a value.</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Credentials">One status per declared credential, in manifest order.</param>
/// <param name="Missing">The keys of the required credentials that are not set (an unreadable one says so with its own <c>isUnreadable</c>).</param>
internal sealed record PluginCredentialsResponse(string Plugin, IReadOnlyList<PluginCredentialStatus> Credentials, IReadOnlyList<string> Missing)
{
    public static PluginCredentialsResponse From(string plugin, IReadOnlyList<PluginCredentialStatus> credentials) =>
        new(plugin, credentials, MissingKeys(credentials));

    public static IReadOnlyList<string> MissingKeys(IReadOnlyList<PluginCredentialStatus> credentials) =>
        [.. credentials.Where(c => c.Required && !c.IsSet && !c.IsUnreadable).Select(c => c.Key)];
}

namespace BotHq.Plugins.AspNetCore.Models;

/// <summary>The body of <c>PATCH /{name}</c>, described for OpenAPI; the endpoint reads it member by member to report every error.</summary>
/// <param name="Enabled">Whether the plugin is to be enabled.</param>
internal sealed record EnabledRequest(bool Enabled);

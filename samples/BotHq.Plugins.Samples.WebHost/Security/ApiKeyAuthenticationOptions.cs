using Microsoft.AspNetCore.Authentication;

namespace BotHq.Plugins.Samples.WebHost.Security;

/// <summary>Options of the API key scheme: the SHA-256 of the key the requests must carry (the key itself is not kept).</summary>
internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Gets or sets the SHA-256 of the configured key's UTF-8 bytes.</summary>
    public byte[] KeyHash { get; set; } = [];
}

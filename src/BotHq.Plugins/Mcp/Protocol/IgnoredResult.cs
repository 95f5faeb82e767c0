namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>A result whose content the client does not read (the long-lived <c>subscriptions/listen</c>).</summary>
internal sealed class IgnoredResult
{
}

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>An empty result or params object, sent as <c>{}</c> (the answer to <c>ping</c>).</summary>
internal sealed class EmptyResult
{
    public static EmptyResult Instance { get; } = new();
}

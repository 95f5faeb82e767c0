namespace BotHq.Plugins.Mcp.Http;

/// <summary>The inner exception of the failure of a request the server answered with HTTP 404 on its session id: the server
/// did not know the session, so it did not run the request, and sending it again in a new session runs it once.</summary>
/// <remarks>Only the request that received the 404 carries it; a request whose response was under way when the session ended
/// may have run, and fails with the session's end instead.</remarks>
internal sealed class McpSessionNotFound : Exception
{
    public McpSessionNotFound()
        : base("The server answered HTTP 404 on the session id: it did not run the request.")
    {
    }

    public McpSessionNotFound(string message)
        : base(message)
    {
    }

    public McpSessionNotFound(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether <paramref name="exception"/> is the failure of a request the server did not run because its session
    /// was gone, so that it may be sent again in a new session.</summary>
    public static bool IsNotRun(Exception exception) => exception is McpServerException { InnerException: McpSessionNotFound };
}

using System.Text.Json;

namespace BotHq.Plugins.Mcp;

/// <summary>A request sent to a server and waiting for its response.</summary>
internal interface IPendingRequest
{
    /// <summary>Gets the request's method, for error messages.</summary>
    string Method { get; }

    /// <summary>Completes the request with its result; the reader is positioned on the result's first token.</summary>
    void Complete(ref Utf8JsonReader result);

    /// <summary>Fails the request.</summary>
    void Fail(Exception exception);
}

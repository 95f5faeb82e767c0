using System.Text.Json;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>What the test server recorded (its <c>--record</c> file): every line it received, and events as <c>#event</c> lines.</summary>
internal sealed class ServerRecord(string path)
{
    public string Path => path;

    public IReadOnlyList<string> Lines => File.Exists(path) ? File.ReadAllLines(path) : [];

    /// <summary>Gets how many times a server process started.</summary>
    public int Starts => Lines.Count(line => line.StartsWith("#start ", StringComparison.Ordinal));

    public IReadOnlyList<string> Events(string name) => [.. Lines.Where(line => line.StartsWith($"#{name}", StringComparison.Ordinal))];

    /// <summary>Gets every JSON-RPC message the server received, parsed.</summary>
    public IReadOnlyList<JsonElement> Messages =>
        [.. Lines.Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    public IReadOnlyList<JsonElement> Requests(string method) =>
        [.. Messages.Where(message => message.TryGetProperty("method", out var value) && value.GetString() == method)];

    /// <summary>Waits (bounded) until a condition on the record holds; the server writes it asynchronously.</summary>
    public async Task<bool> WaitForAsync(Func<ServerRecord, bool> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (condition(this))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition(this);
    }
}

using System.Text.Json;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Samples.ConsoleHost.Demo;

/// <summary>The MCP step: the runtime starts the plugin's server on first use and calls its tools.</summary>
internal sealed partial class DemoSteps
{
    private int? _serverProcessId;

    private async Task McpAsync()
    {
        var tools = await _runtime.ListToolsAsync(Plugin, Cancellation);
        var status = _runtime.GetMcpStatus(Plugin);
        _serverProcessId = status.ProcessId;
        Line($"started the server: {TextFormat.Server(status)["server: ".Length..]}");
        using (var text = new StringWriter())
        {
            TextFormat.Table(text, ["TOOL", "DESCRIPTION"], tools.Select(t => new[] { t.Name, t.Description ?? "" }));
            Lines(text.ToString(), Indent + "  ");
        }

        await CallAsync("echo", """{"text":"Hello from the demo"}""");
        await CallAsync("add", """{"a":2,"b":40}""");
        await CallAsync("credential_status", "{}");
    }

    private async Task CallAsync(string tool, string arguments)
    {
        var json = JsonArguments.ParseObject(arguments, "arguments", arguments);
        var result = await _runtime.CallToolAsync(Plugin, tool, json, cancellationToken: Cancellation);
        if (result.IsError)
        {
            throw new PluginException(Plugin, $"The sample plugin's tool '{tool}' reported an error: {result.GetText()}");
        }

        Line($"call {tool} {JsonSerializer.Serialize(json, CliJsonContext.Default.JsonElement)} -> {result.GetText()}");
    }
}

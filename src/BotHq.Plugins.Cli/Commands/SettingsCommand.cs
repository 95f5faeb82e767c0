using System.CommandLine;
using System.Text.Json;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>settings NAME [--set key=value]... [--reset key]...</c>.</summary>
internal static class SettingsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliApplication app)
    {
        var name = CommonArguments.PluginName();
        var set = new Option<string[]>("--set")
        {
            Description = "Set a value, read as the setting's type (--set pageSize=20 --set sort=created); repeat for several",
            HelpName = "key=value",
        };
        var reset = new Option<string[]>("--reset")
        {
            Description = "Reset a setting to its default; repeat for several",
            HelpName = "key",
        };
        var command = new Command(
            "settings",
            "Show a plugin's effective settings, or change them: all changes are checked first and applied together, or none is")
        {
            name, set, reset,
        };
        return app.Define(command, async context =>
        {
            var plugin = context.Parse.GetRequiredValue(name);
            var sets = context.Parse.GetValue(set) ?? [];
            var resets = context.Parse.GetValue(reset) ?? [];
            var settings = sets.Length == 0 && resets.Length == 0
                ? await context.Runtime.GetSettingsAsync(plugin, context.CancellationToken)
                : await context.Runtime.UpdateSettingsAsync(plugin, ReadChanges(context.Runtime, plugin, sets, resets), context.CancellationToken);
            context.Output.Result(settings, static json => json.PluginSettings, w => TextFormat.Settings(w, settings));
            return ExitCodes.Success;
        });
    }

    private static Dictionary<string, JsonElement?> ReadChanges(IPluginRuntime runtime, string plugin, string[] sets, string[] resets)
    {
        var definitions = runtime.GetDetails(plugin).Manifest?.Settings;
        var changes = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var pair in sets)
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new UsageException($"--set needs key=value, such as --set greeting=Hi, not '{pair}'; to reset a key to its default use --reset key.");
            }

            var key = pair[..separator];
            changes[key] = ToJson(definitions?.GetValueOrDefault(key)?.Type, pair[(separator + 1)..]);
        }

        foreach (var key in resets)
        {
            changes[key] = null;
        }

        return changes;
    }

    /// <summary>Reads a value as its setting's type; what does not fit stays a string, so the runtime's check names the problem.</summary>
    private static JsonElement ToJson(string? type, string text)
    {
        if (type is "number" or "boolean")
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                var kind = document.RootElement.ValueKind;
                if ((type == "number" && kind == JsonValueKind.Number) || (type == "boolean" && kind is JsonValueKind.True or JsonValueKind.False))
                {
                    return document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                // Not a number or boolean: passed on as text for the runtime to refuse with its own message.
            }
        }

        return JsonSerializer.SerializeToElement(text, CliJsonContext.Default.String);
    }
}

using System.CommandLine;
using System.Text;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>credentials NAME [--set KEY[=VALUE]]... [--clear KEY]...</c>: write-only; prints which are set, never a value.</summary>
internal static class CredentialsCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliApplication app)
    {
        var name = CommonArguments.PluginName();
        var set = new Option<string[]>("--set")
        {
            Description = "Set a credential. KEY alone reads the value from stdin without echo (safer: other local users can see arguments); KEY=VALUE takes it from the command line",
            HelpName = "KEY[=VALUE]",
        };
        var clear = new Option<string[]>("--clear")
        {
            Description = "Clear a credential's value",
            HelpName = "KEY",
        };
        var command = new Command("credentials", "Show which of a plugin's credentials are set, or set and clear them (encrypted at rest; never shown)")
        {
            name, set, clear,
        };
        return app.Define(command, async context =>
        {
            var plugin = context.Parse.GetRequiredValue(name);
            var sets = context.Parse.GetValue(set) ?? [];
            var clears = context.Parse.GetValue(clear) ?? [];
            var declared = context.Runtime.GetCredentialStatus(plugin);
            if (sets.Length > 0 || clears.Length > 0)
            {
                var values = ReadValues(plugin, declared, sets, context.Output.Error);
                foreach (var key in clears)
                {
                    values[key] = null;
                }

                await context.Runtime.SetCredentialsAsync(plugin, values, context.CancellationToken);
            }

            var document = new CredentialsDocument(plugin, context.Runtime.GetCredentialStatus(plugin));
            context.Output.Result(document, static json => json.CredentialsDocument, w => TextFormat.Credentials(w, document));
            return ExitCodes.Success;
        });
    }

    private static Dictionary<string, string?> ReadValues(string plugin, IReadOnlyList<PluginCredentialStatus> declared, string[] sets, TextWriter prompt)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var fromInput = new List<string>();
        foreach (var item in sets)
        {
            var separator = item.IndexOf('=', StringComparison.Ordinal);
            if (separator == 0)
            {
                throw new UsageException($"--set needs KEY or KEY=VALUE, such as --set API_TOKEN, not '{item}'.");
            }

            if (separator > 0)
            {
                values[item[..separator]] = item[(separator + 1)..];
            }
            else
            {
                fromInput.Add(item);
            }
        }

        // Refuse an undeclared key before asking for its secret, so nobody types a secret for nothing.
        foreach (var key in fromInput)
        {
            if (!declared.Any(d => d.Key == key))
            {
                var known = declared.Count == 0 ? "none" : string.Join(", ", declared.Select(d => d.Key));
                throw new PluginException(plugin, $"Plugin '{plugin}' declares no credential '{key}'. Declared credentials: {known}.");
            }
        }

        foreach (var key in fromInput)
        {
            values[key] = ReadSecret(key, declared.First(d => d.Key == key).Label, prompt);
        }

        return values;
    }

    private static string ReadSecret(string key, string? label, TextWriter prompt)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine()
                ?? throw new UsageException($"stdin ended before the value of {key} was read; pipe one line per credential read from stdin.");
        }

        prompt.Write(label is null ? $"{key}: " : $"{key} ({label}): ");
        var value = new StringBuilder();
        for (var pressed = Console.ReadKey(intercept: true); pressed.Key != ConsoleKey.Enter; pressed = Console.ReadKey(intercept: true))
        {
            if (pressed.Key == ConsoleKey.Backspace)
            {
                value.Length = Math.Max(0, value.Length - 1);
            }
            else if (!char.IsControl(pressed.KeyChar))
            {
                value.Append(pressed.KeyChar);
            }
        }

        prompt.WriteLine();
        return value.ToString();
    }
}

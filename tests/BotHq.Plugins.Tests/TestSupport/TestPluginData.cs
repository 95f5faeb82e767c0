using System.Collections.Concurrent;
using System.Text.Json;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>One test plugin's persistent state: its stored values, settings and credentials, which outlive every load of its extension.</summary>
internal sealed class TestPluginData(string pluginName)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);

    public string PluginName { get; } = pluginName;

    public ConcurrentDictionary<string, string> Store { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> WorkspaceData { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> TaskData { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> Credentials { get; } = new(StringComparer.Ordinal);

    /// <summary>Makes every read of a key wait until <see cref="Open"/> is called for it.</summary>
    public void Gate(string key) => _gates[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the reads of a gated key go on.</summary>
    public void Open(string key)
    {
        if (_gates.TryRemove(key, out var gate))
        {
            gate.TrySetResult();
        }
    }

    /// <summary>Gets whether a gate was opened (or never closed).</summary>
    public bool IsOpen(string key) => !_gates.TryGetValue(key, out var gate) || gate.Task.IsCompleted;

    public Task WaitForGateAsync(string key, CancellationToken cancellationToken) =>
        _gates.TryGetValue(key, out var gate) ? gate.Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Builds the effective settings as they are now: every setting a string.</summary>
    public PluginSettings ReadSettings() => new(
        PluginName,
        Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new PluginSetting { Key = s.Key, Definition = new PluginSettingDefinition { Type = "string", Label = s.Key }, Value = JsonSerializer.SerializeToElement(s.Value), IsDefault = false }));
}

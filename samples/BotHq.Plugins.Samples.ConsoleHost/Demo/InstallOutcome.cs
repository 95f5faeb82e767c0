namespace BotHq.Plugins.Samples.ConsoleHost.Demo;

/// <summary>What installing the sample plugin did.</summary>
/// <param name="Target">The plugin's folder in the plugins folder.</param>
/// <param name="Kind">Installed, updated or already up to date.</param>
/// <param name="Copied">Files copied.</param>
/// <param name="Removed">Files of an older version removed.</param>
internal sealed record InstallOutcome(string Target, InstallKind Kind, int Copied, int Removed);

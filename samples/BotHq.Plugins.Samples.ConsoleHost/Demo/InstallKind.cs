namespace BotHq.Plugins.Samples.ConsoleHost.Demo;

/// <summary>Whether the sample plugin was new, changed or unchanged in the plugins folder.</summary>
internal enum InstallKind
{
    /// <summary>The folder did not exist.</summary>
    Installed,

    /// <summary>Some files were newer or gone.</summary>
    Updated,

    /// <summary>Every file was the same.</summary>
    UpToDate,
}

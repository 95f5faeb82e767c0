using Microsoft.Extensions.Options;
using Semver;

namespace BotHq.Plugins.DependencyInjection;

/// <summary>Checks every option at once and names each bad value.</summary>
internal sealed class PluginRuntimeOptionsValidator : IValidateOptions<PluginRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        RequirePath(failures, nameof(PluginRuntimeOptions.PluginsDirectory), options.PluginsDirectory);
        RequirePath(failures, nameof(PluginRuntimeOptions.KeyDirectory), options.KeyDirectory);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            RequirePath(failures, nameof(PluginRuntimeOptions.DatabasePath), options.DatabasePath);
        }
        else if (ConnectionStringProblem(options.ConnectionString) is { } connectionStringProblem)
        {
            failures.Add(connectionStringProblem);
        }

        if (!SemVersion.TryParse(options.HostVersion, SemVersionStyles.Strict, out _))
        {
            failures.Add($"PluginRuntimeOptions.HostVersion '{options.HostVersion}' is not a SemVer 2.0 version; use a value like '1.4.0'.");
        }

        if (options.MaxValueBytes <= 0)
        {
            failures.Add($"PluginRuntimeOptions.MaxValueBytes is {options.MaxValueBytes}; it must be a positive number of bytes (default 1048576).");
        }

        if (!Enum.IsDefined(options.StartupFailure))
        {
            failures.Add($"PluginRuntimeOptions.StartupFailure is {(int)options.StartupFailure}; use KeepHostRunning (the default) or FailHost.");
        }

        if (options.KeyEncryptionKey is { } keyEncryptionKey && KeyEncryptionKeyProblem(keyEncryptionKey) is { } problem)
        {
            failures.Add(problem);
        }

        Positive(failures, "PluginRuntimeOptions.ChangePollInterval", options.ChangePollInterval);
        if (options.WatchDebounce <= TimeSpan.Zero || options.WatchDebounce > TimeSpan.FromMinutes(1))
        {
            failures.Add($"PluginRuntimeOptions.WatchDebounce is {options.WatchDebounce}; it must be longer than zero and at most a minute (default 300 ms).");
        }
        Positive(failures, "PluginRuntimeOptions.HookTimeout", options.HookTimeout);
        Positive(failures, "PluginRuntimeOptions.ActionTimeout", options.ActionTimeout);

        ArchiveLimits(failures, options.Archives);
        var mcp = options.Mcp;
        if (mcp.MaxMessageBytes < 1024)
        {
            failures.Add($"PluginRuntimeOptions.Mcp.MaxMessageBytes is {mcp.MaxMessageBytes}; it must be at least 1024 bytes (default 16 MiB).");
        }

        Positive(failures, "PluginRuntimeOptions.Mcp.CallTimeout", mcp.CallTimeout);
        Positive(failures, "PluginRuntimeOptions.Mcp.MaxCallTimeout", mcp.MaxCallTimeout);
        if (mcp.MaxCallTimeout != Timeout.InfiniteTimeSpan && (mcp.CallTimeout == Timeout.InfiniteTimeSpan || mcp.MaxCallTimeout < mcp.CallTimeout))
        {
            failures.Add($"PluginRuntimeOptions.Mcp.MaxCallTimeout ({mcp.MaxCallTimeout}) is shorter than CallTimeout ({mcp.CallTimeout}); make it at least as long (default 10 minutes).");
        }

        Positive(failures, "PluginRuntimeOptions.Mcp.StartTimeout", mcp.StartTimeout);
        Positive(failures, "PluginRuntimeOptions.Mcp.ProbeTimeout", mcp.ProbeTimeout);
        NotNegative(failures, "PluginRuntimeOptions.Mcp.ShutdownTimeout", mcp.ShutdownTimeout);
        Positive(failures, "PluginRuntimeOptions.Mcp.RestartWindow", mcp.RestartWindow);
        NotNegative(failures, "PluginRuntimeOptions.Mcp.RestartDelay", mcp.RestartDelay);
        if (mcp.MaxRestartDelay < mcp.RestartDelay)
        {
            failures.Add($"PluginRuntimeOptions.Mcp.MaxRestartDelay ({mcp.MaxRestartDelay}) is shorter than RestartDelay ({mcp.RestartDelay}); make it at least as long.");
        }

        if (mcp.MaxRestarts < 0)
        {
            failures.Add($"PluginRuntimeOptions.Mcp.MaxRestarts is {mcp.MaxRestarts}; it must be 0 or more.");
        }

        if (mcp.ProtocolVersion is { } pinned && !Mcp.McpProtocolVersions.IsSupported(pinned))
        {
            failures.Add($"PluginRuntimeOptions.Mcp.ProtocolVersion is '{pinned}', a revision this client does not speak; use one of {string.Join(", ", Mcp.McpProtocolVersions.All)}, or leave it unset to negotiate (the default).");
        }

        if (string.IsNullOrWhiteSpace(mcp.ClientName))
        {
            failures.Add("PluginRuntimeOptions.Mcp.ClientName is empty; give the name servers see for this client (default 'BotHq.Plugins').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Gets what is wrong with a key-encryption key, in words that never repeat it, or <see langword="null"/>.</summary>
    internal static string? KeyEncryptionKeyProblem(string value)
    {
        var bytes = new byte[(value.Length * 3 / 4) + 4];
        if (!Convert.TryFromBase64String(value.Trim(), bytes, out var length))
        {
            return "PluginRuntimeOptions.KeyEncryptionKey is not base64 text; it must be the base64 of 32 random bytes (make one with 'openssl rand -base64 32').";
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        return length == 32
            ? null
            : $"PluginRuntimeOptions.KeyEncryptionKey is the base64 of {length} bytes; it must be the base64 of 32 random bytes (make one with 'openssl rand -base64 32').";
    }

    /// <summary>Gets why a SQLite connection string cannot be parsed, in words that never repeat it (it may hold a password), or <see langword="null"/>.</summary>
    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return "PluginRuntimeOptions.ConnectionString is not a valid SQLite connection string (keywords such as 'Data Source=plugins.db;Mode=ReadWriteCreate'); fix it, or leave it unset and set DatabasePath.";
        }
    }

    private static void ArchiveLimits(List<string> failures, Installation.PluginArchiveOptions archives)
    {
        if (archives.MaxEntries <= 0)
        {
            failures.Add($"PluginRuntimeOptions.Archives.MaxEntries is {archives.MaxEntries}; it must be a positive number (default 20000).");
        }

        if (archives.MaxEntryBytes <= 0)
        {
            failures.Add($"PluginRuntimeOptions.Archives.MaxEntryBytes is {archives.MaxEntryBytes}; it must be a positive number of bytes (default 268435456, 256 MiB).");
        }

        if (archives.MaxTotalBytes <= 0)
        {
            failures.Add($"PluginRuntimeOptions.Archives.MaxTotalBytes is {archives.MaxTotalBytes}; it must be a positive number of bytes (default 1073741824, 1 GiB).");
        }

        if (archives.MaxCompressionRatio < 1)
        {
            failures.Add($"PluginRuntimeOptions.Archives.MaxCompressionRatio is {archives.MaxCompressionRatio}; it must be 1 or more (default 100).");
        }
    }

    private static void RequirePath(List<string> failures, string option, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"PluginRuntimeOptions.{option} is empty; give a folder or file path, or leave the default.");
        }
        else if (value.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"PluginRuntimeOptions.{option} '{value}' contains a character that is not allowed in a path.");
        }
    }

    private static void Positive(List<string> failures, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{option} is {value}; it must be longer than zero (or Timeout.InfiniteTimeSpan).");
        }
    }

    private static void NotNegative(List<string> failures, string option, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add($"{option} is {value}; it must not be negative.");
        }
    }
}

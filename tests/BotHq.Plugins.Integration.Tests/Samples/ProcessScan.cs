namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Finds live processes by their environment, through /proc (Linux).</summary>
internal static class ProcessScan
{
    /// <summary>Gets whether processes can be scanned here.</summary>
    public static bool Supported => OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

    /// <summary>Gets whether a process runs with that id and a command line containing <paramref name="marker"/> (an id may be reused).</summary>
    /// <param name="id">The process id.</param>
    /// <param name="marker">Text of its command line.</param>
    /// <returns>Whether it runs.</returns>
    public static bool IsRunning(int id, string marker)
    {
        try
        {
            return File.ReadAllText($"/proc/{id}/cmdline").Contains(marker, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Gets the ids of live processes whose HOME is <paramref name="home"/>: every process the sample host started inherits it.</summary>
    /// <param name="home">The HOME the sample host ran with.</param>
    /// <returns>The process ids, with their command lines.</returns>
    public static IReadOnlyList<string> WithHome(string home)
    {
        var wanted = $"HOME={home}";
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var id = Path.GetFileName(directory);
            if (!id.All(char.IsAsciiDigit))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ")).Split('\0');
                if (environment.Contains(wanted, StringComparer.Ordinal))
                {
                    found.Add($"{id}: {File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ')}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's process, or one that exited while we looked.
            }
        }

        return found;
    }
}

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

    /// <summary>Asserts that no process started with HOME <paramref name="home"/> is alive (a test's teardown: every process the
    /// sample host started inherits it); nothing to check where processes cannot be scanned or the test used no home.</summary>
    /// <param name="home">The HOME the sample host ran with, or null.</param>
    public static void AssertNoneLeft(string? home)
    {
        if (Supported && home is not null)
        {
            Assert.That(WithHome(home), Is.Empty, "a process the host started outlived it");
        }
    }

    /// <summary>Polls <paramref name="condition"/> up to 30 s: the host and its server are two process starts on a loaded
    /// machine before an effect can show.</summary>
    /// <param name="condition">The effect awaited.</param>
    /// <returns>Whether it came.</returns>
    public static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        return condition();
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

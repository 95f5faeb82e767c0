using System.Globalization;

namespace BotHq.Plugins.AI.Tests.TestSupport;

/// <summary>Finds, in the process table (/proc), processes these tests started that are still alive: descendants of this
/// process, and any process running one of <see cref="TestServers.Markers"/> (a server re-parented after its parent died).</summary>
internal static class ServerProcesses
{
    public static async Task AssertNoneRemainAsync()
    {
        IReadOnlyList<string> remaining = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            remaining = FindRemaining();
            if (remaining.Count == 0)
            {
                return;
            }

            // Processes being stopped right now are given a moment.
            await Task.Delay(100);
        }

        Assert.That(remaining, Is.Empty, "child processes outlived the test");
    }

    private static List<string> FindRemaining()
    {
        var remaining = new List<string>();
        if (!Directory.Exists("/proc"))
        {
            return remaining;
        }

        var table = new Dictionary<int, (int Parent, char State, string CommandLine)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    table[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), fields[0][0], File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' '));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Gone while we looked, or another user's.
                }
            }
        }

        var self = Environment.ProcessId;
        foreach (var (pid, (_, state, commandLine)) in table)
        {
            if (pid != self && state != 'Z' && (DescendsFrom(pid, self, table) || TestServers.Markers.Any(m => commandLine.Contains(m, StringComparison.Ordinal))))
            {
                remaining.Add($"{pid}: {commandLine}");
            }
        }

        return remaining;
    }

    private static bool DescendsFrom(int pid, int ancestor, Dictionary<int, (int Parent, char State, string CommandLine)> table)
    {
        for (var current = pid; table.TryGetValue(current, out var entry) && current > 1; current = entry.Parent)
        {
            if (entry.Parent == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}

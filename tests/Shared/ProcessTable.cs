using System.Globalization;

namespace BotHq.Plugins.Testing;

/// <summary>The process table (/proc) as the test projects read it, to check that no process a test started outlived it.</summary>
/// <remarks>
/// Linked into every test project that starts processes (<c>&lt;Compile Include="..\Shared\ProcessTable.cs" Link=... /&gt;</c>).
/// A process counts as the tests' own when its parent chain leads to this test process, or when its command line contains one of
/// the <c>markers</c> (servers re-parented once their parent died). A process is left out when a process on its parent chain,
/// itself included, matches <c>exempt</c>: what a project starts on purpose for the whole run (a PostgreSQL cluster, a browser).
/// </remarks>
internal static class ProcessTable
{
    /// <summary>Reads every process's parent, state and command line; a process that vanished while it was read is left out.</summary>
    public static Dictionary<int, (int Parent, char State, string CommandLine)> Read()
    {
        var table = new Dictionary<int, (int Parent, char State, string CommandLine)>();
        if (!Directory.Exists("/proc"))
        {
            return table;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
                table[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), fields[0][0], commandLine);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked, or another user's.
            }
        }

        return table;
    }

    /// <summary>Gets the live processes the tests started that still run, each as <c>pid: command line</c>.</summary>
    /// <param name="markers">Command-line fragments (full paths into this checkout) that make a process the tests' own wherever it hangs.</param>
    /// <param name="exempt">Matches a command line on the parent chain whose processes are not counted; <see langword="null"/> for none.</param>
    public static IReadOnlyList<string> FindRemaining(IReadOnlyCollection<string> markers, Func<string, bool>? exempt = null)
    {
        var table = Read();
        var self = Environment.ProcessId;
        var remaining = new List<string>();
        foreach (var (pid, (_, state, commandLine)) in table)
        {
            if (pid == self || state == 'Z' || (exempt is not null && ChainMatches(pid, table, exempt)))
            {
                continue;
            }

            if (DescendsFrom(pid, self, table) || markers.Any(marker => commandLine.Contains(marker, StringComparison.Ordinal)))
            {
                remaining.Add($"{pid}: {commandLine}");
            }
        }

        return remaining;
    }

    /// <summary>Asserts that no process the tests started remains, giving processes being stopped right now up to 5 s to go.</summary>
    /// <param name="markers">See <see cref="FindRemaining"/>.</param>
    /// <param name="exempt">See <see cref="FindRemaining"/>.</param>
    public static async Task AssertNoneRemainAsync(IReadOnlyCollection<string> markers, Func<string, bool>? exempt = null)
    {
        IReadOnlyList<string> remaining = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            remaining = FindRemaining(markers, exempt);
            if (remaining.Count == 0)
            {
                return;
            }

            // A poll for a condition to become true (the processes gone), not a wait standing in for a signal.
            await Task.Delay(100);
        }

        Assert.That(remaining, Is.Empty, "child processes outlived the test");
    }

    /// <summary>Gets the live (not zombie) processes whose parent is <paramref name="parent"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int parent) =>
        [.. Read().Where(entry => entry.Value.Parent == parent && entry.Value.State != 'Z').Select(entry => entry.Key)];

    /// <summary>Gets a value indicating whether a process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool ChainMatches(int pid, Dictionary<int, (int Parent, char State, string CommandLine)> table, Func<string, bool> match)
    {
        for (var current = pid; table.TryGetValue(current, out var entry) && current > 1; current = entry.Parent)
        {
            if (match(entry.CommandLine))
            {
                return true;
            }
        }

        return false;
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

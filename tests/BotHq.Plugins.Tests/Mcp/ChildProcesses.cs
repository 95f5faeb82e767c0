using System.Globalization;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>Finds, in the process table (/proc), processes the MCP tests started and that are still alive.</summary>
/// <remarks>A process counts when its parent chain leads to this test process, or when its command line names one of our
/// test servers or the marker of the grandchild the test server spawns (those are re-parented once their server dies).</remarks>
internal static class ChildProcesses
{
    /// <summary>The argument of the grandchild the test server's spawn_child tool starts (sleep 600): distinctive enough to find.</summary>
    public const string GrandchildMarker = "sleep 600";

    // Full paths into this checkout, so that a process of another checkout or another user's host on the same machine never counts.
    private static readonly string[] Markers = [McpTestServer.DllPath, McpTestServer.EverythingServerPath, GrandchildMarker];

    public static IReadOnlyList<string> FindRemaining()
    {
        if (!Directory.Exists("/proc"))
        {
            return [];
        }

        var self = Environment.ProcessId;
        var table = Table();

        var remaining = new List<string>();
        foreach (var (pid, (_, state, commandLine)) in table)
        {
            if (pid == self || state == 'Z')
            {
                continue;
            }

            // The run's throwaway PostgreSQL cluster (TestSupport/Postgres) is this process's child on purpose, and outlives single tests.
            if (InCluster(pid, table))
            {
                continue;
            }

            if (DescendsFrom(pid, self, table) || Markers.Any(marker => commandLine.Contains(marker, StringComparison.Ordinal)))
            {
                remaining.Add($"{pid}: {commandLine}");
            }
        }

        return remaining;
    }

    /// <summary>Asserts that no process the tests started remains, waiting a little for ones being killed right now.</summary>
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

            await Task.Delay(100);
        }

        Assert.That(remaining, Is.Empty, "child processes outlived the test");
    }

    /// <summary>Reads the process table (/proc): each process's parent, state and command line.</summary>
    public static Dictionary<int, (int Parent, char State, string CommandLine)> Table()
    {
        var table = new Dictionary<int, (int Parent, char State, string CommandLine)>();
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
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return table;
    }

    /// <summary>Gets the live (not zombie) processes whose parent is <paramref name="parent"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int parent) =>
        [.. Table().Where(entry => entry.Value.Parent == parent && entry.Value.State != 'Z').Select(entry => entry.Key)];

    public static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat") is var stat && stat[(stat.LastIndexOf(')') + 2)] != 'Z';

    private static bool InCluster(int pid, Dictionary<int, (int Parent, char State, string CommandLine)> table)
    {
        for (var current = pid; table.TryGetValue(current, out var entry) && current > 1; current = entry.Parent)
        {
            if (entry.CommandLine.Contains(TestSupport.Postgres.PostgresCluster.FolderPrefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DescendsFrom(int pid, int ancestor, Dictionary<int, (int Parent, char State, string CommandLine)> table)
    {
        for (var current = pid; table.TryGetValue(current, out var entry) && current > 1;)
        {
            if (entry.Parent == ancestor)
            {
                return true;
            }

            current = entry.Parent;
        }

        return false;
    }
}

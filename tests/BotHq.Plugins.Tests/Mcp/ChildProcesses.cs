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

        var remaining = new List<string>();
        foreach (var (pid, (_, state, commandLine)) in table)
        {
            if (pid == self || state == 'Z')
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

    public static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat") is var stat && stat[(stat.LastIndexOf(')') + 2)] != 'Z';

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

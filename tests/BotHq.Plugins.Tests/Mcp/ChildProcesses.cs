using BotHq.Plugins.Testing;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>Finds, in the process table (<see cref="ProcessTable"/>), processes the MCP tests started and that are still alive.</summary>
/// <remarks>A process counts when its parent chain leads to this test process, or when its command line names one of our
/// test servers or the marker of the grandchild the test server spawns (those are re-parented once their server dies). The
/// run's throwaway PostgreSQL cluster (TestSupport/Postgres) is this process's child on purpose, and outlives single tests.</remarks>
internal static class ChildProcesses
{
    /// <summary>The argument of the grandchild the test server's spawn_child tool starts (sleep 600): distinctive enough to find.</summary>
    public const string GrandchildMarker = "sleep 600";

    // Full paths into this checkout, so that a process of another checkout or another user's host on the same machine never counts.
    private static readonly string[] Markers = [McpTestServer.DllPath, McpTestServer.EverythingServerPath, GrandchildMarker];

    public static IReadOnlyList<string> FindRemaining() => ProcessTable.FindRemaining(Markers, InCluster);

    /// <summary>Asserts that no process the tests started remains, waiting a little for ones being killed right now.</summary>
    public static Task AssertNoneRemainAsync() => ProcessTable.AssertNoneRemainAsync(Markers, InCluster);

    /// <summary>Gets the live (not zombie) processes whose parent is <paramref name="parent"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int parent) => ProcessTable.ChildrenOf(parent);

    public static bool IsAlive(int pid) => ProcessTable.IsAlive(pid);

    private static bool InCluster(string commandLine) =>
        commandLine.Contains(TestSupport.Postgres.PostgresCluster.FolderPrefix, StringComparison.Ordinal);
}

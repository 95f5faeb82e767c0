using BotHq.Plugins.Testing;

namespace BotHq.Plugins.AI.Tests.TestSupport;

/// <summary>Checks that no process these tests started outlived its test: descendants of this process, and any process running
/// one of <see cref="TestServers.Markers"/> (a server re-parented after its parent died). See <see cref="ProcessTable"/>.</summary>
internal static class ServerProcesses
{
    public static Task AssertNoneRemainAsync() => ProcessTable.AssertNoneRemainAsync([.. TestServers.Markers]);
}

using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue 15 point 12: a normal session logs its lifecycle at Information and nothing else; what the reader and the
/// transport see on every run (server stderr, ignored responses, listen streams) stays at Debug.</summary>
public sealed class McpLogTests : McpTestBase
{
    /// <summary>Started (4006), ready (4007) and stopping (4011): the lines a host operator wants from a healthy server.</summary>
    private static readonly int[] LifecycleEvents = [4006, 4007, 4011];

    [TestCase("server-everything")]
    [TestCase("sdk-2026-07-28")]
    public async Task NormalStartListCallStop_LogsOnlyTheLifecycleAtInformationOrAbove(string server)
    {
        // server-everything writes to stderr as it starts; the SDK server speaks the per-request revision.
        var arguments = server == "server-everything" ? """{"message":"hello"}""" : """{"text":"hello"}""";
        if (server == "server-everything")
        {
            AddNodeServer("quiet", "server-everything", ["stdio"]);
        }
        else
        {
            AddTestServer("quiet", ["--protocol", "2026-07-28"]);
        }

        var manager = CreateManager();

        await manager.ListToolsAsync("quiet", CancellationToken.None);
        await manager.CallToolAsync("quiet", "echo", Json(arguments), null, CancellationToken.None);
        await manager.StopAsync("quiet");

        var ours = Logs.Collector.GetSnapshot().Where(record => record.Category?.StartsWith("BotHq.Plugins", StringComparison.Ordinal) == true).ToList();
        Assert.Multiple(() =>
        {
            if (server == "server-everything")
            {
                Assert.That(ours.Where(record => record.Id.Id == 4000 && record.Level == LogLevel.Debug), Is.Not.Empty, "its stderr was logged, at Debug");
            }

            Assert.That(
                ours.Where(record => record.Level >= LogLevel.Information).Select(record => $"{record.Id.Id} {record.Message}"),
                Has.All.Match(@"^(4006|4007|4011) "),
                "only the lifecycle is logged at Information or above");
            Assert.That(ours.Where(record => record.Level >= LogLevel.Information).Select(record => record.Id.Id).Distinct(), Is.EquivalentTo(LifecycleEvents));
        });
    }
}

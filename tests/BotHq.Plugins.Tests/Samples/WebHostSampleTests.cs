using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Samples;

/// <summary>Issue 13 point 8: the sample web host, as a real process, stays up on a corrupt database (it used to abort with exit 134),
/// answers 503 and an unhealthy health check, and stops cleanly.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
[Platform(Exclude = "Win", Reason = "Stops the host with SIGTERM.")]
public sealed partial class WebHostSampleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string DllPath { get; } = typeof(WebHostSampleTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BotHq.Plugins.Samples.WebHost").Value!;

    [Test]
    public async Task Run_CorruptDatabase_StaysUpAnswers503AndUnhealthyThenStopsWithExit0()
    {
        using var root = new TempDirectory("webhost");
        var database = root.Combine("data", "plugins.db");
        DatabaseFaults.WriteRandomBytes(database);
        var startInfo = DotnetProgram.StartInfo(DllPath, "The sample web host",
        [
            "--urls", "http://127.0.0.1:0",
            "--BotHqPlugins:PluginsDirectory", root.Combine("plugins"),
            "--BotHqPlugins:DatabasePath", database,
            "--BotHqPlugins:KeyDirectory", root.Combine("keys"),
        ]);
        startInfo.Environment["HOME"] = root.Path;
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var address = await ListeningAddressAsync(process);
            using var client = new HttpClient { BaseAddress = address };

            var health = await client.GetAsync("/health");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await health.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
            var api = await client.GetAsync("/api/plugins");
            Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            using var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
            Assert.That(problem.RootElement.GetProperty("cause").GetString(), Is.EqualTo("not-a-database"));
            Assert.That(problem.RootElement.GetProperty("detail").GetString(), Does.Contain("'plugins.db' is not a database").And.Not.Contain(root.Path));
            Assert.That(process.HasExited, Is.False);

            Assert.That(BotHq.Plugins.Mcp.ProcessSignals.SignalProcess(process.Id, BotHq.Plugins.Mcp.ProcessSignals.SigTerm), Is.True);

            using var timeout = new CancellationTokenSource(Timeout);
            await process.WaitForExitAsync(timeout.Token);
            Assert.That(process.ExitCode, Is.Zero, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task<Uri> ListeningAddressAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var seen = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            if (Listening().Match(line) is { Success: true } match)
            {
                // Keep draining stdout, so the host never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return new Uri(match.Groups["address"].Value);
            }
        }

        Assert.Fail($"The sample web host exited ({(process.HasExited ? process.ExitCode : "still running")}) without listening. Its output:\n{string.Join("\n", seen)}");
        throw new InvalidOperationException("unreachable");
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}

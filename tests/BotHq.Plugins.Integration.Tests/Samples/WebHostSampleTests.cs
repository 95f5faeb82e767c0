using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using BotHq.Plugins.Tests.TestSupport;
using BotHq.Plugins.Tests.TestSupport.Postgres;

namespace BotHq.Plugins.Integration.Tests.Samples;

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

    [Test]
    public async Task Run_TwoInstancesOnOnePostgreSqlDatabase_DisabledOnOneIsDisabledOnTheOther()
    {
        // The two-instance recipe of docs/scaling.md: the same connection string and key-encryption key, a plugins folder each.
        var cluster = await PostgresCluster.SharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        var keyEncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var root = new TempDirectory("webhost-pg");
        var instances = new List<Process>();
        try
        {
            var clients = new List<HttpClient>();
            foreach (var instance in new[] { "one", "two" })
            {
                var pluginFolder = root.Combine(instance, "plugins", "hello");
                Directory.CreateDirectory(pluginFolder);
                await File.WriteAllTextAsync(Path.Combine(pluginFolder, "plugin.json"), """{"name":"hello","version":"1.0.0","description":"Says hello"}""");
                var startInfo = DotnetProgram.StartInfo(DllPath, "The sample web host",
                [
                    "--urls", "http://127.0.0.1:0",
                    "--ConnectionStrings:BotHqPlugins", connectionString,
                    "--BotHqPlugins:KeyEncryptionKey", keyEncryptionKey,
                    "--BotHqPlugins:PluginsDirectory", root.Combine(instance, "plugins"),
                    "--BotHqPlugins:KeyDirectory", root.Combine(instance, "keys"),
                    "--BotHqPlugins:DatabasePath", root.Combine(instance, "unused.db"),
                ]);
                startInfo.Environment["HOME"] = root.Path;
                startInfo.Environment["DOTNET_NOLOGO"] = "1";
                startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
                var process = Process.Start(startInfo)!;
                instances.Add(process);
                _ = process.StandardError.ReadToEndAsync();
                clients.Add(new HttpClient { BaseAddress = await ListeningAddressAsync(process) });
            }

            foreach (var client in clients)
            {
                await RuntimeWait.UntilAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK, "the instance is healthy");
            }

            var patched = await clients[0].PatchAsync("/api/plugins/hello", new StringContent("""{"enabled":false}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());

            await RuntimeWait.UntilAsync(
                async () => JsonDocument.Parse(await clients[1].GetStringAsync("/api/plugins/hello")).RootElement.GetProperty("state").GetString() == "disabled",
                "hello disabled on instance two");
            Assert.That(File.Exists(root.Combine("one", "unused.db")) || File.Exists(root.Combine("two", "unused.db")), Is.False, "no SQLite file when PostgreSQL is configured");

            foreach (var process in instances)
            {
                Assert.That(BotHq.Plugins.Mcp.ProcessSignals.SignalProcess(process.Id, BotHq.Plugins.Mcp.ProcessSignals.SigTerm), Is.True);
                using var timeout = new CancellationTokenSource(Timeout);
                await process.WaitForExitAsync(timeout.Token);
                Assert.That(process.ExitCode, Is.Zero);
            }
        }
        finally
        {
            foreach (var process in instances)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }

                process.Dispose();
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

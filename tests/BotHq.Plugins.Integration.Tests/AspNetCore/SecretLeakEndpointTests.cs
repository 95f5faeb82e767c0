using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BotHq.Plugins.Integration.Tests.Mcp;
using BotHq.Plugins.Integration.Tests.TestSupport;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>Issue 13, secrets, over real HTTP: the hostile server holds all five kinds of credential value and leaks them every
/// way it can, while every endpoint that shows its state or errors is called; no response body (decoded as JSON), health
/// report or log line of the web host may hold a fragment of any of them.</summary>
public sealed class SecretLeakEndpointTests
{
    [Test]
    public async Task HostileServer_EveryEndpointAndTheHealthReport_ShowNoFragmentOfAnyCredential()
    {
        await using var harness = new RuntimeHarness();
        harness.WritePlugin("hostile", $$"""
            { "name": "hostile", "version": "1.0.0", "description": "Leaks its credentials", "mcp": {{McpTestServer.HostileManifestMcp}}, "credentials": {{TestSecrets.CredentialsManifest}} }
            """);
        var scanner = new LeakScanner(TestSecrets.All);
        var bodies = new List<(string Request, HttpStatusCode Status, string Body)>();
        await using (var host = await PluginWebHost.StartAsync(harness, new PluginWebHost.Setup
        {
            Services = services => services.AddHealthChecks().AddBotHqPlugins(),
            MoreEndpoints = app => app.MapHealthChecks("/health"),

            // The crash marks the server failed at once, so the failed state's message and problem are shown too.
            Runtime = options => options.Mcp.MaxRestarts = 1,
        }))
        {
            async Task SendAsync(HttpMethod method, string path)
            {
                using var response = await host.Client.SendAsync(new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? JsonContent.Create(new { }) : null });
                bodies.Add(($"{method} {path}", response.StatusCode, await response.Content.ReadAsStringAsync()));
            }

            using (var put = await host.Client.PutAsJsonAsync(PluginWebHost.Api("hostile/credentials"), TestSecrets.ByCredentialKey))
            {
                bodies.Add(("PUT credentials", put.StatusCode, await put.Content.ReadAsStringAsync()));
            }

            await SendAsync(HttpMethod.Get, PluginWebHost.Api("hostile/tools"));
            await SendAsync(HttpMethod.Get, PluginWebHost.Api("hostile/tools"));
            await SendAsync(HttpMethod.Get, PluginWebHost.Api("hostile"));
            await SendAsync(HttpMethod.Post, PluginWebHost.Api("hostile/tools/fail"));
            await SendAsync(HttpMethod.Post, PluginWebHost.Api("hostile/tools/kind"));
            await SendAsync(HttpMethod.Post, PluginWebHost.Api("hostile/tools/crash"));
            await FakeLogWait.ForLineAsync(host.Logs, McpTestServer.HostileExitMarker);
            await SendAsync(HttpMethod.Get, PluginWebHost.Api("hostile"));
            await SendAsync(HttpMethod.Post, PluginWebHost.Api("hostile/tools/fail"));
            await SendAsync(HttpMethod.Get, PluginWebHost.Api());
            await SendAsync(HttpMethod.Get, "/health");
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

            foreach (var (request, _, body) in bodies)
            {
                scanner.ScanJson(request, body);
            }

            foreach (var (name, entry) in report.Entries)
            {
                scanner.Scan($"health {name} description", entry.Description);
                scanner.ScanJson($"health {name} data", JsonSerializer.Serialize(entry.Data));
            }

            McpSecretLeakTests.ScanLogs(scanner, host.Logs.GetSnapshot());
            var statuses = bodies.Select(b => $"{b.Request} -> {(int)b.Status}").ToList();
            Assert.Multiple(() =>
            {
                Assert.That(statuses, Is.EqualTo(new[]
                {
                    "PUT credentials -> 200", $"GET {PluginWebHost.Api("hostile/tools")} -> 502", $"GET {PluginWebHost.Api("hostile/tools")} -> 200", $"GET {PluginWebHost.Api("hostile")} -> 200",
                    $"POST {PluginWebHost.Api("hostile/tools/fail")} -> 502", $"POST {PluginWebHost.Api("hostile/tools/kind")} -> 502",
                    $"POST {PluginWebHost.Api("hostile/tools/crash")} -> 502", $"GET {PluginWebHost.Api("hostile")} -> 200",
                    $"POST {PluginWebHost.Api("hostile/tools/fail")} -> 409", $"GET {PluginWebHost.Api()} -> 200",
                    "GET /health -> 200",
                }));

                // The server's name, its error and its crash were shown, masked.
                Assert.That(bodies[2].Body, Does.Contain("fail, with *** and ***"));
                Assert.That(bodies[3].Body, Does.Contain("hostile ***"));
                Assert.That(bodies[4].Body, Does.Contain("failed with ***"));
                Assert.That(bodies[6].Body, Does.Contain("***"));
                Assert.That(bodies[7].Body, Does.Contain("\"state\":\"failed\""));
                scanner.AssertNoLeak();
            });
        }

        await ChildProcesses.AssertNoneRemainAsync();
    }
}

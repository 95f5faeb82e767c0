using System.Text.Json;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Tests.Extensions;

/// <summary>A real runtime with the careless Leaky extension, which throws and logs its own credential (as written and
/// JSON-escaped, multi-line): the value must be nowhere the host shows, while the rest of each message still is.</summary>
[TestFixture]
public sealed class ExtensionMaskingTests
{
    // Multi-line, with characters JSON escapes ('+', '"', '<'): every line is longer than the masker's fragment.
    private const string Token = "sk-live+Q9xZ2\"Lp<7Wv\nsecond-line-7Hq3mRt0\nthird+line=K4dP8sYc";
    private const string NewToken = "ghp_rotated+N3wT0k3nValue_5e8f";

    private RuntimeHarness _harness = null!;
    private FakeLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;
    private PluginRuntime _runtime = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = new RuntimeHarness();
        WriteLeaky("ctor-leak", "ctor");
        WriteLeaky("list-leak", "actions");
        WriteLeaky("call-leak", "none");
        _logs = new FakeLoggerProvider();
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        _runtime = await _harness.StartAsync(_loggerFactory);
        foreach (var name in new[] { "ctor-leak", "list-leak", "call-leak" })
        {
            await _runtime.SetEnabledAsync(name, true);
            await _runtime.SetCredentialsAsync(name, new Dictionary<string, string?> { ["token"] = Token });
        }
    }

    [TearDown]
    public async Task TearDown()
    {
        await _harness.DisposeAsync();
        _loggerFactory.Dispose();
        _logs.Dispose();
    }

    [Test]
    public async Task Load_ConstructorThrowsAndLogsItsCredential_MaskedInHookResultStatusAndLogs()
    {
        var results = await _runtime.Hooks.FireTaskCreatedAsync(ExtensionTestBed.Task());

        var failed = results.Single(r => r.PluginName == "ctor-leak");
        var status = JsonSerializer.Serialize(_runtime.GetPlugin("ctor-leak"));
        Assert.Multiple(() =>
        {
            Assert.That(failed.Outcome, Is.EqualTo(HookOutcome.Failed));
            Assert.That(failed.Error, Does.Contain("Leaky constructor: the upstream refused token ***").And.Contain("see the docs"));
            Assert.That(status, Does.Contain("Leaky constructor: the upstream refused token ***"));
            Assert.That(LogMessages("BotHq.Plugins.Extensions"), Has.Some.Contain("Leaky constructor: the upstream refused token ***"));
            Assert.That(LogMessages("BotHq.Plugins.Plugin.ctor-leak"), Has.Some.Contain("Constructed with token ***"));
        });
        var scanner = Scanner(Token);
        ScanResults(scanner, results);
        scanner.ScanJson("status", status);
        ScanLogs(scanner);
        scanner.AssertNoLeak();
    }

    [Test]
    public async Task FireHooks_HookThrowsItsCredentialWithInnerAndAggregateExceptions_MaskedInResultsAndLogs()
    {
        var created = await _runtime.Hooks.FireTaskCreatedAsync(ExtensionTestBed.Task());
        var started = await _runtime.Hooks.FireAgentStartAsync(ExtensionTestBed.Agent(), ExtensionTestBed.Task());

        Assert.Multiple(() =>
        {
            Assert.That(created.Single(r => r.PluginName == "call-leak").Error, Does.Contain("Leaky hook: the upstream refused token ***"));
            Assert.That(started.Single(r => r.PluginName == "call-leak").Error, Does.Contain("Leaky aggregate 2: the upstream refused token ***"));
            var logged = _logs.Collector.GetSnapshot().Where(r => r.Exception is not null && r.Category == "BotHq.Plugins.Extensions").Select(r => r.Exception!.ToString()).ToList();
            Assert.That(logged, Has.Some.Contain("Leaky inner: the upstream refused token ***"));
            Assert.That(logged, Has.Some.Contain("Leaky aggregate: the upstream refused token ***"));
        });
        var scanner = Scanner(Token);
        ScanResults(scanner, created);
        ScanResults(scanner, started);
        ScanLogs(scanner);
        scanner.AssertNoLeak();
    }

    [Test]
    public async Task FireHook_CredentialChangedAfterTheExtensionReadIt_OldAndNewValuesMasked()
    {
        await _runtime.Hooks.FireAgentStartAsync(ExtensionTestBed.Agent(), ExtensionTestBed.Task());
        Assert.That(_runtime.GetPlugin("call-leak").Problems, Is.Empty, "the extension loaded and read the first value");

        await _runtime.SetCredentialsAsync("call-leak", new Dictionary<string, string?> { ["token"] = NewToken });
        var results = await _runtime.Hooks.FireTaskCreatedAsync(ExtensionTestBed.Task());

        var error = results.Single(r => r.PluginName == "call-leak").Error;
        Assert.That(error, Does.Contain("Leaky hook: the upstream refused token ***").And.Contain("Leaky hook (first read): the upstream refused token ***"));
        var scanner = Scanner(Token, NewToken);
        ScanResults(scanner, results);
        ScanLogs(scanner);
        scanner.AssertNoLeak();
    }

    [Test]
    public async Task Actions_ListingActionAndFailureQuoteTheCredential_MaskedInProblemsResultsAndLogs()
    {
        var listed = _runtime.ListActions(ActionKind.Task);
        var thrown = await _runtime.ExecuteActionAsync("call-leak", "throw", ActionContext.Empty);
        var failed = await _runtime.ExecuteActionAsync("call-leak", "fail", ActionContext.Empty);

        var status = JsonSerializer.Serialize(_runtime.GetPlugin("list-leak"));
        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(a => a.PluginName).Distinct(), Is.EqualTo(new[] { "call-leak" }));
            Assert.That(listed.Single(a => a.Id == "throw").Description, Does.StartWith("Leaky description: the upstream refused token ***"));
            Assert.That(LogMessages("BotHq.Plugins.Extensions"), Has.Some.Contain("Leaky describing: the upstream refused token ***"));
            Assert.That(status, Does.Contain("Leaky listing Task actions: the upstream refused token ***"));
            Assert.That(thrown.Error, Does.Contain("Leaky action: the upstream refused token ***").And.Contain("see the docs"));
            Assert.That(failed.Error, Does.StartWith("Leaky failed action: the upstream refused token ***"));
        });
        var scanner = Scanner(Token);
        scanner.ScanJson("listed", JsonSerializer.Serialize(listed));
        scanner.ScanJson("status", status);
        scanner.ScanJson("thrown", JsonSerializer.Serialize(thrown));
        scanner.ScanJson("failed", JsonSerializer.Serialize(failed));
        ScanLogs(scanner);
        scanner.AssertNoLeak();
    }

    private static LeakScanner Scanner(params string[] values) =>
        new(values.Select((value, i) => KeyValuePair.Create($"token #{i + 1}", value)).ToDictionary());

    private static void ScanResults(LeakScanner scanner, IReadOnlyList<HookResult> results)
    {
        foreach (var result in results)
        {
            scanner.Scan($"HookResult of {result.PluginName}", result.Error);
            scanner.ScanJson($"HookResult of {result.PluginName} (JSON)", JsonSerializer.Serialize(result));
        }
    }

    private void ScanLogs(LeakScanner scanner)
    {
        foreach (var record in _logs.Collector.GetSnapshot())
        {
            var where = $"log {record.Category} {record.Id}";
            scanner.Scan(where, record.Message);
            scanner.ScanException(where, record.Exception);
            foreach (var (key, value) in record.StructuredState ?? [])
            {
                scanner.Scan($"{where} {key}", value);
            }

            foreach (var scope in record.Scopes)
            {
                scanner.Scan($"{where} (scope)", scope?.ToString());
                if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        scanner.Scan($"{where} (scope {key})", value?.ToString());
                    }
                }
            }
        }
    }

    private List<string> LogMessages(string category) =>
        [.. _logs.Collector.GetSnapshot().Where(r => r.Category == category).Select(r => r.Message)];

    private void WriteLeaky(string name, string leakIn)
    {
        var directory = _harness.WriteSimplePlugin(name, extraMembers: $$"""
            "extensions": "{{TestExtensionBuilds.Leaky}}.dll",
            "credentials": { "token": { "type": "secret", "label": "Token" } },
            "settings": { "leak-in": { "type": "string", "label": "Leak in", "default": "{{leakIn}}" } }
            """);
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.Leaky, directory);
    }
}

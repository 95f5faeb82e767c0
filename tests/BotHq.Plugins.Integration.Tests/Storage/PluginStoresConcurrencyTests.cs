using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BotHq.Plugins.Tests.Storage;
using Dapper;

namespace BotHq.Plugins.Integration.Tests.Storage;

[TestFixture]
public sealed class PluginStoresConcurrencyTests
{
    private static readonly TimeSpan WorkerTimeout = TimeSpan.FromMinutes(2);

    private StoreTestDatabase _database = null!;

    [SetUp]
    public async Task SetUp() => _database = await StoreTestDatabase.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task UpdateAsync_16TasksX500IncrementsOfOneKey_EndsAtExactly8000()
    {
        var stores = await _database.AddPluginWithStoresAsync("counter");
        var other = await _database.AddPluginWithStoresAsync("bystander");
        await other.Store.SetAsync("counter", -1);
        using var start = new ManualResetEventSlim();

        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            for (var i = 0; i < 500; i++)
            {
                await stores.Store.UpdateAsync<int>("counter", value => value + 1);
            }
        })).ToArray();
        start.Set();

        // Every failure, not only the first: one "database is locked" anywhere fails the test.
        var all = Task.WhenAll(workers);
        try
        {
            await all;
        }
        catch (Exception) when (all.Exception is not null)
        {
            Assert.Fail("UpdateAsync failed under contention: " + all.Exception);
        }

        TestContext.Out.WriteLine($"16 x 500 UpdateAsync in one process: {stopwatch.ElapsedMilliseconds} ms");
        Assert.That(await stores.Store.GetAsync<int>("counter"), Is.EqualTo(8000));
        Assert.That(await _database.ScalarAsync<long>("SELECT revision FROM plugin_store p JOIN plugins ON plugins.id = p.plugin_id WHERE plugins.name = 'counter'"), Is.EqualTo(8000));
        Assert.That(await other.Store.GetAsync<int>("counter"), Is.EqualTo(-1));
    }

    [Test]
    public async Task UpdateAsync_EntityStoresUnderContention_LoseNoUpdate()
    {
        var stores = await _database.AddPluginWithStoresAsync("entities");

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await stores.WorkspaceData.UpdateAsync<Dictionary<string, int>>("ws", value =>
                {
                    value ??= [];
                    value["n"] = value.GetValueOrDefault("n") + 1;
                    return value;
                });
                await stores.TaskData.UpdateAsync<long>("task", value => value + 2);
            }
        }));
        await Task.WhenAll(workers);

        Assert.That((await stores.WorkspaceData.GetAsync<Dictionary<string, int>>("ws"))!["n"], Is.EqualTo(400));
        Assert.That(await stores.TaskData.GetAsync<long>("task"), Is.EqualTo(800));
    }

    [Test]
    public async Task UpdateAsync_TwoProcessesX8TasksX250IncrementsOfOneKey_EndsAtExactly4000()
    {
        var pluginId = await _database.AddPluginAsync("shared-counter");
        var goFile = _database.Directory.Combine("go");
        var arguments = new[] { "increment", _database.DatabaseFile, pluginId.ToString(CultureInfo.InvariantCulture), "counter", "8", "250", goFile };

        using var first = WorkerProcess.Start(arguments);
        using var second = WorkerProcess.Start(arguments);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
        var stopwatch = Stopwatch.StartNew();
        await File.WriteAllTextAsync(goFile, "go");

        var exitCodes = await Task.WhenAll(first.WaitForExitAsync(WorkerTimeout), second.WaitForExitAsync(WorkerTimeout));

        TestContext.Out.WriteLine($"2 processes x 8 x 250 UpdateAsync: {stopwatch.ElapsedMilliseconds} ms");
        Assert.That(exitCodes, Is.EqualTo(new[] { 0, 0 }), first.Error + second.Error);
        Assert.That(first.Error + second.Error, Does.Not.Contain("locked"));
        Assert.That(await _database.StoresFor(pluginId, "shared-counter").Store.GetAsync<int>("counter"), Is.EqualTo(4000));
    }

    [Test]
    public async Task WriteLoop_ChildKilledWithSigkill_LeavesAnIntactDatabaseHoldingOnlyWholeValues()
    {
        var pluginId = await _database.AddPluginAsync("crasher");
        var random = new Random(12345);

        for (var round = 0; round < 2; round++)
        {
            using var worker = WorkerProcess.Start("write-loop", _database.DatabaseFile, pluginId.ToString(CultureInfo.InvariantCulture));
            await worker.WaitReadyAsync();
            await Task.Delay(random.Next(50, 250));
            Assert.That(worker.HasExited, Is.False, worker.Error);
            worker.KillHard();
        }

        await using var connection = await _database.Connections.OpenAsync();
        Assert.That(await connection.QueryAsync<string>("PRAGMA integrity_check"), Is.EqualTo(new[] { "ok" }));

        var values = (await connection.QueryAsync<string>(
            "SELECT value FROM plugin_store WHERE plugin_id = @pluginId UNION ALL SELECT data FROM plugin_workspace_data WHERE plugin_id = @pluginId",
            new { pluginId })).ToList();
        Assert.That(values, Has.Count.GreaterThan(0));
        foreach (var json in values)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var payload = root.GetProperty("payload").GetString()!;
            Assert.That(payload, Has.Length.EqualTo(root.GetProperty("length").GetInt32()));
            Assert.That(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload))), Is.EqualTo(root.GetProperty("sha256").GetString()));
        }

        TestContext.Out.WriteLine($"{values.Count} whole values after two SIGKILLs; highest sequence {values.Max(v => JsonDocument.Parse(v).RootElement.GetProperty("sequence").GetInt64())}");
    }
}

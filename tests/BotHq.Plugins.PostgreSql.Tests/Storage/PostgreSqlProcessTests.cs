using System.Globalization;
using BotHq.Plugins.PostgreSql.Storage;
using BotHq.Plugins.Tests.Storage;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.PostgreSql.Tests.Storage;

/// <summary>Issue 14 with real processes on one PostgreSQL schema: UpdateAsync is the database's read-modify-write across
/// processes, and instances starting together migrate a new schema once.</summary>
[TestFixture]
public sealed class PostgreSqlProcessTests
{
    private static readonly TimeSpan WorkerTimeout = TimeSpan.FromMinutes(3);

    private BackendDatabase _database = null!;

    [SetUp]
    public async Task SetUp() => _database = await BackendDatabase.CreateAsync(TestBackend.PostgreSql);

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    private string WorkerDatabase => $"pg:{_database.Schema}:{_database.ConnectionString}";

    [Test]
    public async Task UpdateAsync_TwoProcessesX8TasksX250IncrementsOfOneKey_EndsAtExactly4000()
    {
        await _database.OpenStorageAsync();
        var pluginId = await _database.AddPluginAsync("shared-counter");
        var goFile = _database.Directory.Combine("go");
        var arguments = new[] { "increment", WorkerDatabase, pluginId.ToString(CultureInfo.InvariantCulture), "counter", "8", "250", goFile };

        using var first = WorkerProcess.Start(arguments);
        using var second = WorkerProcess.Start(arguments);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
        await File.WriteAllTextAsync(goFile, "go");
        var exitCodes = await Task.WhenAll(first.WaitForExitAsync(WorkerTimeout), second.WaitForExitAsync(WorkerTimeout));

        Assert.That(exitCodes, Is.EqualTo(new[] { 0, 0 }), first.Error + second.Error);
        Assert.That(await _database.ScalarAsync<string>("SELECT value FROM plugin_store WHERE plugin_id = @pluginId AND key = 'counter'", new { pluginId }), Is.EqualTo("4000"));
    }

    [Test]
    public async Task MigrateAsync_TwoProcessesOnOneNewSchemaAtTheSameMoment_BothSucceedAndEachMigrationIsAppliedOnce()
    {
        var goFile = _database.Directory.Combine("go");

        using var first = WorkerProcess.Start("migrate", WorkerDatabase, goFile);
        using var second = WorkerProcess.Start("migrate", WorkerDatabase, goFile);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
        await File.WriteAllTextAsync(goFile, "go");
        var exitCodes = await Task.WhenAll(first.WaitForExitAsync(WorkerTimeout), second.WaitForExitAsync(WorkerTimeout));

        Assert.That(exitCodes, Is.EqualTo(new[] { 0, 0 }), first.Error + second.Error);
        var applied = first.Output.Concat(second.Output).Select(line => int.Parse(line, CultureInfo.InvariantCulture)).ToList();
        Assert.That(applied.Sum(), Is.EqualTo(PostgreSqlSchemaMigrator.Migrations.Count), "each migration applied by exactly one of the two");
        Assert.That(
            await _database.QueryAsync<int>("SELECT version FROM bothq_schema_migrations ORDER BY version"),
            Is.EqualTo(PostgreSqlSchemaMigrator.Migrations.Select(m => m.Version)));
    }
}

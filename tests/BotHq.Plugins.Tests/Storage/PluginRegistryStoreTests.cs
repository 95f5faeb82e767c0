using System.Text;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Time.Testing;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Storage;

[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class PluginRegistryStoreTests(TestBackend backend)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private FakeTimeProvider _time = null!;
    private StoreTestDatabase _database = null!;
    private IPluginRegistryStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _database = await StoreTestDatabase.CreateAsync(backend, _time);
        _store = _database.Storage.Registry;
    }

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    // Around the rows written per statement (64): one short batch, exactly one, one and a bit, several.
    [TestCase(1)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(200)]
    public async Task SyncAsync_NewPlugins_InsertsEveryRowOnce(int count)
    {
        var found = Rows(count, version: "1.0.0");

        var rows = await SyncAsync(found, enableNew: true);

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.Name, r.Version, Encoding.UTF8.GetString(r.Manifest), r.IsEnabled)), Is.EqualTo(found.Select(f => (f.Name, f.Version, Encoding.UTF8.GetString(f.ManifestUtf8.Span), true))));
            Assert.That(rows.Select(r => r.Settings), Is.All.EqualTo("{}"));
            Assert.That(rows.Select(r => r.Credentials), Is.All.Null);
        });
        if (backend == TestBackend.Sqlite)
        {
            Assert.That(await _database.CountAsync("SELECT count(*) FROM plugins WHERE typeof(manifest) <> 'text'"), Is.Zero, "the manifest is stored as text, not as the bytes it was bound from");
        }
    }

    [Test]
    public async Task SyncAsync_SomeManifestsChanged_WritesOnlyThose()
    {
        await SyncAsync(Rows(130, version: "1.0.0"), enableNew: false);
        await _database.ExecuteAsync("UPDATE plugins SET enabled = @enabled, settings = '{\"x\":1}' WHERE name = 'plugin-0070'", new { enabled = true });
        _time.Advance(TimeSpan.FromHours(1));
        var found = Rows(130, version: "1.0.0").Select((r, i) => i % 10 == 0 ? r with { Version = "2.0.0", ManifestUtf8 = Encoding.UTF8.GetBytes(Manifest(r.Name, "2.0.0")) } : r).ToList();

        var rows = await SyncAsync(found, enableNew: false);

        var changed = rows.Where(r => r.UpdatedAt != r.InstalledAt).Select(r => r.Name);
        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EqualTo(found.Where(f => f.Version == "2.0.0").Select(f => f.Name)));
            Assert.That(Encoding.UTF8.GetString(rows.Single(r => r.Name == "plugin-0070").Manifest), Does.Contain("2.0.0"));
            Assert.That(rows.Single(r => r.Name == "plugin-0070").IsEnabled, Is.True, "enabled is kept");
            Assert.That(rows.Single(r => r.Name == "plugin-0070").Settings, Is.EqualTo("{\"x\":1}"), "settings are kept");
            Assert.That(rows.Single(r => r.Name == "plugin-0071").Version, Is.EqualTo("1.0.0"));
        });
    }

    [Test]
    public async Task SyncAsync_RowsItReturns_AreTheRowsInTheTable()
    {
        await SyncAsync(Rows(40, version: "1.0.0"), enableNew: false);
        await _database.ExecuteAsync("UPDATE plugins SET enabled = @enabled, settings = '{\"x\":1}', credentials = @blob WHERE name = 'plugin-0010'", new { enabled = true, blob = new byte[] { 1, 2 } });
        _time.Advance(TimeSpan.FromMinutes(5));
        var found = Rows(45, version: "1.0.0").Select((r, i) => i % 5 == 0 ? r with { Version = "1.1.0", ManifestUtf8 = Encoding.UTF8.GetBytes(Manifest(r.Name, "1.1.0")) } : r).ToList();

        var returned = await SyncAsync(found, enableNew: true);
        var readBack = await SyncAsync(found, enableNew: true);

        Assert.That(returned.Select(Describe), Is.EqualTo(readBack.Select(Describe)));
        Assert.That(returned.Count(r => r.UpdatedAt != r.InstalledAt), Is.EqualTo(8), "the 8 changed manifests among the 40 stored");
    }

    private static string Describe(PluginRow row) =>
        $"{row.Id}|{row.Name}|{row.Version}|{row.Enabled}|{Encoding.UTF8.GetString(row.Manifest)}|{row.Settings}|{Convert.ToHexString(row.Credentials ?? [])}|{row.InstalledAt}|{row.UpdatedAt}";

    [Test]
    public async Task SyncAsync_NothingChanged_WritesNothing()
    {
        await SyncAsync(Rows(70, version: "1.0.0"), enableNew: true);
        _time.Advance(TimeSpan.FromHours(1));

        var rows = await SyncAsync(Rows(70, version: "1.0.0"), enableNew: true);

        // Any write would have stamped the later time.
        Assert.That(rows, Has.Count.EqualTo(70));
        Assert.That(rows.Select(r => r.UpdatedAt), Is.All.EqualTo(rows[0].InstalledAt));
    }

    [Test]
    public async Task SyncAsync_RowNotFoundOnDisk_IsKeptAndReturned()
    {
        await SyncAsync(Rows(3, version: "1.0.0"), enableNew: true);

        var rows = await SyncAsync(Rows(3, version: "1.0.0").Take(1).ToList(), enableNew: true);

        Assert.That(rows.Select(r => r.Name), Is.EqualTo(new[] { "plugin-0000", "plugin-0001", "plugin-0002" }));
    }

    // As the registry plans a sync: what is new or changed is written.
    private async Task<IReadOnlyList<PluginRow>> SyncAsync(List<PluginManifestRow> found, bool enableNew) =>
        (await _store.SyncAsync(stored => PluginManifestRow.NewOrChanged(found, stored), enableNew, CancellationToken.None)).Plugins;

    private static List<PluginManifestRow> Rows(int count, string version) =>
        [.. Enumerable.Range(0, count).Select(i => $"plugin-{i:D4}").Select(name => new PluginManifestRow(name, version, Encoding.UTF8.GetBytes(Manifest(name, version))))];

    private static string Manifest(string name, string version) => $$"""{"name":"{{name}}","version":"{{version}}","description":"it's \"quoted\" and ünïcode"}""";
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Time.Testing;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Storage;

[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class PluginStoresTests(TestBackend backend)
{
    private const int Limit = 4096;

    private static readonly StoreTestRecord Sample = new(
        "répertoire",
        42,
        0.125,
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
        ["a", "b"],
        new StoreTestChild("child", Enabled: true));

    private StoreTestDatabase _database = null!;

    [SetUp]
    public async Task SetUp() => _database = await StoreTestDatabase.CreateAsync(backend);

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task Stores_TwoPluginsWithSameKeysAndIds_NeverSeeEachOthersData()
    {
        var alpha = await _database.AddPluginWithStoresAsync("alpha");
        var beta = await _database.AddPluginWithStoresAsync("beta");

        foreach (var (stores, owner) in new[] { (alpha, "alpha"), (beta, "beta") })
        {
            await stores.Store.SetAsync("shared", owner);
            await stores.Store.SetAsync(owner + "-only", owner);
            await stores.WorkspaceData.SetAsync("ws-1", owner);
            await stores.TaskData.SetAsync("task-1", owner);
            await stores.TaskSources.LinkTaskAsync("task-1", "repo#1");
        }

        await alpha.Store.UpdateAsync<string>("shared", value => value + "+updated");
        await beta.Store.DeleteAsync("beta-only");
        await beta.TaskSources.LinkTaskAsync("task-2", "repo#1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await alpha.Store.GetAsync<string>("shared"), Is.EqualTo("alpha+updated"));
            Assert.That(await beta.Store.GetAsync<string>("shared"), Is.EqualTo("beta"));
            Assert.That(await alpha.Store.GetAsync<string>("beta-only"), Is.Null);
            Assert.That(await alpha.Store.ListKeysAsync(), Is.EqualTo(new[] { "alpha-only", "shared" }));
            Assert.That(await beta.Store.ListKeysAsync(), Is.EqualTo(new[] { "shared" }));
            Assert.That(await alpha.WorkspaceData.GetAsync<string>("ws-1"), Is.EqualTo("alpha"));
            Assert.That(await beta.WorkspaceData.GetAsync<string>("ws-1"), Is.EqualTo("beta"));
            Assert.That(await alpha.TaskData.GetAsync<string>("task-1"), Is.EqualTo("alpha"));
            Assert.That(await beta.TaskData.GetAsync<string>("task-1"), Is.EqualTo("beta"));
            Assert.That(await alpha.TaskSources.FindTaskAsync("repo#1"), Is.EqualTo("task-1"));
            Assert.That(await beta.TaskSources.FindTaskAsync("repo#1"), Is.EqualTo("task-2"));
            Assert.That(await alpha.TaskSources.GetSourceRefAsync("task-1"), Is.EqualTo("repo#1"));
            Assert.That(await beta.TaskSources.GetSourceRefAsync("task-1"), Is.Null);
        }

        Assert.That(await beta.WorkspaceData.DeleteAsync("ws-1"), Is.True);
        Assert.That(await alpha.WorkspaceData.GetAsync<string>("ws-1"), Is.EqualTo("alpha"));
    }

    [Test]
    public async Task ListKeysAsync_WithoutPrefix_ReturnsEveryKeyInOrdinalOrder()
    {
        var stores = await _database.AddPluginWithStoresAsync("lister");
        foreach (var key in new[] { "b", "a", "B", "a/b", "é", "A" })
        {
            await stores.Store.SetAsync(key, 1);
        }

        Assert.That(await stores.Store.ListKeysAsync(), Is.EqualTo(new[] { "A", "B", "a", "a/b", "b", "é" }));
        Assert.That(await stores.Store.ListKeysAsync(string.Empty), Is.EqualTo(new[] { "A", "B", "a", "a/b", "b", "é" }));
    }

    [TestCase("a%", new[] { "a%1", "a%2" })]
    [TestCase("a_", new[] { "a_1" })]
    [TestCase("a", new[] { "a%1", "a%2", "a_1", "ab1", "ab_" })]
    [TestCase("ab", new[] { "ab1", "ab_" })]
    [TestCase("A", new[] { "A%1" })]
    [TestCase("\\", new[] { "\\x" })]
    [TestCase("é", new[] { "éclair" })]
    [TestCase("zzz", new string[0])]
    public async Task ListKeysAsync_Prefix_MatchesLiterallyAndCaseSensitively(string prefix, string[] expected)
    {
        var stores = await _database.AddPluginWithStoresAsync("lister");
        foreach (var key in new[] { "a%1", "a%2", "a_1", "ab1", "ab_", "A%1", "\\x", "éclair", "eclair" })
        {
            await stores.Store.SetAsync(key, key);
        }

        Assert.That(await stores.Store.ListKeysAsync(prefix), Is.EqualTo(expected));
    }

    [Test]
    public async Task SetAsync_Record_RoundTripsInEveryStore()
    {
        var stores = await _database.AddPluginWithStoresAsync("records");
        await stores.Store.SetAsync("record", Sample);
        await stores.WorkspaceData.SetAsync("ws", Sample);
        await stores.TaskData.SetAsync("task", Sample);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await stores.Store.GetAsync<StoreTestRecord>("record"), Is.EqualTo(Sample));
            Assert.That(await stores.WorkspaceData.GetAsync<StoreTestRecord>("ws"), Is.EqualTo(Sample));
            Assert.That(await stores.TaskData.GetAsync<StoreTestRecord>("task"), Is.EqualTo(Sample));
        }
    }

    [Test]
    public async Task SetAsync_Dictionary_RoundTrips()
    {
        var stores = await _database.AddPluginWithStoresAsync("dictionaries");
        var value = new Dictionary<string, int> { ["one"] = 1, ["two"] = 2, ["ключ"] = 3, [""] = 0 };
        var nested = new Dictionary<string, Dictionary<string, string?>> { ["outer"] = new() { ["inner"] = "x", ["none"] = null } };

        await stores.Store.SetAsync("dictionary", value);
        await stores.TaskData.SetAsync("nested", nested);

        Assert.That(await stores.Store.GetAsync<Dictionary<string, int>>("dictionary"), Is.EquivalentTo(value));
        var read = await stores.TaskData.GetAsync<Dictionary<string, Dictionary<string, string?>>>("nested");
        Assert.That(read!["outer"], Is.EquivalentTo(nested["outer"]));
    }

    [Test]
    public async Task SetAsync_Null_StoresJsonNullAndReadsBackNull()
    {
        var stores = await _database.AddPluginWithStoresAsync("nulls");
        await stores.Store.SetAsync<StoreTestRecord?>("record", null);
        await stores.WorkspaceData.SetAsync<string?>("ws", null);
        await stores.Store.SetAsync<int?>("number", null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await stores.Store.GetAsync<StoreTestRecord>("record"), Is.Null);
            Assert.That(await stores.WorkspaceData.GetAsync<string>("ws"), Is.Null);
            Assert.That(await stores.Store.GetAsync<int?>("number"), Is.Null);
            Assert.That(await stores.Store.ListKeysAsync(), Is.EqualTo(new[] { "number", "record" }), "a stored null is a set key");
            Assert.That(await _database.ScalarAsync<string>("SELECT value FROM plugin_store WHERE key = 'record'"), Is.EqualTo("null"));
        }
    }

    [Test]
    public async Task GetAsync_MissingKeyOrId_ReturnsDefault()
    {
        var stores = await _database.AddPluginWithStoresAsync("missing");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await stores.Store.GetAsync<StoreTestRecord>("nothing"), Is.Null);
            Assert.That(await stores.Store.GetAsync<int>("nothing"), Is.Zero);
            Assert.That(await stores.WorkspaceData.GetAsync<string>("nothing"), Is.Null);
            Assert.That(await stores.TaskData.GetAsync<bool>("nothing"), Is.False);
            Assert.That(await stores.Store.DeleteAsync("nothing"), Is.False);
            Assert.That(await stores.TaskData.DeleteAsync("nothing"), Is.False);
        }
    }

    [TestCase("plain ascii")]
    [TestCase("émoji 😀 and flags 🇳🇱, CJK 漢字, Cyrillic ключ, RTL עברית")]
    [TestCase("combining e\u0301, zero width \u200b, BOM \ufeff, control \u0001 and NUL \u0000 inside")]
    [TestCase("quotes \" backslash \\ newline \n tab \t")]
    public async Task SetAsync_UnicodeKeysAndValues_RoundTrip(string text)
    {
        var stores = await _database.AddPluginWithStoresAsync("unicode");
        var key = "ключ-😀-" + text.Length;
        await stores.Store.SetAsync(key, text);
        await stores.WorkspaceData.SetAsync("工作区-" + key, new Dictionary<string, string> { [text] = text });

        Assert.That(await stores.Store.GetAsync<string>(key), Is.EqualTo(text));
        Assert.That(await stores.Store.ListKeysAsync("ключ-😀"), Is.EqualTo(new[] { key }));
        var map = await stores.WorkspaceData.GetAsync<Dictionary<string, string>>("工作区-" + key);
        Assert.That(map![text], Is.EqualTo(text));
    }

    [Test]
    public async Task SetAsync_ValueExactlyAtLimit_IsStored()
    {
        var stores = await _database.AddPluginWithStoresAsync("limits", Limit);
        var text = new string('x', Limit - 2); // the JSON string adds two quotes

        await stores.Store.SetAsync("key", text);
        await stores.WorkspaceData.SetAsync("ws", text);
        await stores.TaskData.UpdateAsync<string>("task", _ => text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await stores.Store.GetAsync<string>("key"), Is.EqualTo(text));
            Assert.That(await stores.WorkspaceData.GetAsync<string>("ws"), Is.EqualTo(text));
            Assert.That(await stores.TaskData.GetAsync<string>("task"), Is.EqualTo(text));
            Assert.That(await _database.ScalarAsync<long>($"SELECT {_database.ByteLength("value")} FROM plugin_store WHERE key = 'key'"), Is.EqualTo(Limit));
        }
    }

    [Test]
    public async Task SetAsync_DefaultLimitJustUnderOneMebibyte_IsStored()
    {
        var stores = await _database.AddPluginWithStoresAsync("big");
        var text = new string('y', (1024 * 1024) - 3);

        await stores.Store.SetAsync("big", text);

        Assert.That(await stores.Store.GetAsync<string>("big"), Is.EqualTo(text));
    }

    [Test]
    public async Task SetAsync_ValueOneByteOverLimit_IsRefusedAndNothingWritten()
    {
        var stores = await _database.AddPluginWithStoresAsync("limits", Limit);
        var text = new string('x', Limit - 1);
        await stores.Store.SetAsync("existing", "old");

        var refused = Assert.ThrowsAsync<PluginStoreException>(() => stores.Store.SetAsync("new", text));
        Assert.ThrowsAsync<PluginStoreException>(() => stores.Store.SetAsync("existing", text));
        Assert.ThrowsAsync<PluginStoreException>(() => stores.WorkspaceData.SetAsync("ws", text));
        Assert.ThrowsAsync<PluginStoreException>(() => stores.TaskData.SetAsync("task", text));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused!.PluginName, Is.EqualTo("limits"));
            Assert.That(refused.Message, Does.Contain("'limits'").And.Contain("'new'").And.Contain((Limit + 1).ToString()).And.Contain(Limit.ToString()).And.Contain("MaxValueBytes"));
            Assert.That(await stores.Store.ListKeysAsync(), Is.EqualTo(new[] { "existing" }));
            Assert.That(await stores.Store.GetAsync<string>("existing"), Is.EqualTo("old"));
            Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_workspace_data"), Is.Zero);
            Assert.That(await _database.CountAsync("SELECT COUNT(*) FROM plugin_task_data"), Is.Zero);
        }
    }

    [Test]
    public async Task SetAsync_MultiByteTextUnderLimitInCharactersButOverInUtf8Bytes_IsRefused()
    {
        // The relaxed encoder writes é as itself (two UTF-8 bytes) where the default one escapes it as ASCII \u00E9.
        var id = await _database.AddPluginAsync("limits");
        var stores = _database.StoresFor(id, "limits", Limit, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var text = new string('é', Limit / 2); // Limit/2 + 2 characters of JSON, but Limit + 2 UTF-8 bytes

        var refused = Assert.ThrowsAsync<PluginStoreException>(() => stores.Store.SetAsync("accents", text));

        Assert.That(refused!.Message, Does.Contain((Limit + 2).ToString()));
        Assert.That(await stores.Store.GetAsync<string>("accents"), Is.Null);
    }

    [Test]
    public async Task UpdateAsync_ResultOverLimit_IsRefusedAndOldValueKept()
    {
        var stores = await _database.AddPluginWithStoresAsync("limits", Limit);
        await stores.TaskData.SetAsync("task", "small");

        Assert.ThrowsAsync<PluginStoreException>(() => stores.TaskData.UpdateAsync<string>("task", old => old + new string('x', Limit)));

        Assert.That(await stores.TaskData.GetAsync<string>("task"), Is.EqualTo("small"));
        Assert.That(await _database.ScalarAsync<long>("SELECT revision FROM plugin_task_data"), Is.EqualTo(1));
    }

    [Test]
    public async Task GetAsync_StoredValueOfAnotherType_ThrowsNamingPluginKeyAndType()
    {
        var stores = await _database.AddPluginWithStoresAsync("typed");
        await stores.Store.SetAsync("counter", "not a number");
        await stores.WorkspaceData.SetAsync("ws-9", new[] { 1, 2 });

        var storeError = Assert.ThrowsAsync<PluginStoreException>(() => stores.Store.GetAsync<int>("counter"));
        var entityError = Assert.ThrowsAsync<PluginStoreException>(() => stores.WorkspaceData.GetAsync<StoreTestRecord>("ws-9"));
        var updateError = Assert.ThrowsAsync<PluginStoreException>(() => stores.Store.UpdateAsync<int>("counter", value => value + 1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(storeError!.PluginName, Is.EqualTo("typed"));
            Assert.That(storeError.Message, Does.Contain("'typed'").And.Contain("'counter'").And.Contain("System.Int32"));
            Assert.That(storeError.InnerException, Is.InstanceOf<JsonException>());
            Assert.That(entityError!.Message, Does.Contain("'ws-9'").And.Contain(nameof(StoreTestRecord)).And.Contain("workspace"));
            Assert.That(updateError!.Message, Does.Contain("'counter'"));
            Assert.That(await stores.Store.GetAsync<string>("counter"), Is.EqualTo("not a number"), "a failed update writes nothing");
        }
    }

    [Test]
    public async Task SetAsync_ValueThatDoesNotSerialize_ThrowsAndWritesNothing()
    {
        var stores = await _database.AddPluginWithStoresAsync("cycles");
        var cycle = new StoreTestCycle();
        cycle.Self = cycle;

        var error = Assert.ThrowsAsync<PluginStoreException>(() => stores.Store.SetAsync("cycle", cycle));

        Assert.That(error!.Message, Does.Contain("'cycles'").And.Contain("'cycle'").And.Contain(nameof(StoreTestCycle)));
        Assert.That(await stores.Store.ListKeysAsync(), Is.Empty);
    }

    [Test]
    public async Task TypeInfoOverloads_SourceGeneratedContext_RoundTripAndMatchTheOptionsOverloads()
    {
        var stores = await _database.AddPluginWithStoresAsync("generated");
        var info = StoreTestJsonContext.Default.StoreTestRecord;

        await stores.Store.SetAsync("record", Sample, info);
        await stores.TaskData.SetAsync("task", Sample, info);
        var updated = await stores.WorkspaceData.UpdateAsync("ws", current => current ?? Sample, info);
        var count = await stores.Store.UpdateAsync("count", current => current + 5, StoreTestJsonContext.Default.Int32);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await stores.Store.GetAsync("record", info), Is.EqualTo(Sample));
            Assert.That(await stores.Store.GetAsync<StoreTestRecord>("record"), Is.EqualTo(Sample), "the options overload reads what the type-info overload wrote");
            Assert.That(await stores.TaskData.GetAsync("task", info), Is.EqualTo(Sample));
            Assert.That(updated, Is.EqualTo(Sample));
            Assert.That(await stores.WorkspaceData.GetAsync("ws", info), Is.EqualTo(Sample));
            Assert.That(count, Is.EqualTo(5));
            Assert.That(await stores.Store.GetAsync("count", StoreTestJsonContext.Default.Int32), Is.EqualTo(5));
        }
    }

    [Test]
    public async Task SetAsync_PluginsOwnSerializerOptions_AreUsed()
    {
        var id = await _database.AddPluginAsync("snake");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var stores = _database.StoresFor(id, "snake", jsonOptions: options);

        await stores.Store.SetAsync("record", new StoreTestChild("x", Enabled: false));

        Assert.That(await _database.ScalarAsync<string>("SELECT value FROM plugin_store WHERE key = 'record'"), Is.EqualTo("""{"label":"x","enabled":false}"""));
        Assert.That(await stores.Store.GetAsync<StoreTestChild>("record"), Is.EqualTo(new StoreTestChild("x", Enabled: false)));
    }

    [Test]
    public async Task UpdateAsync_UnsetKey_StartsFromDefaultAndReturnsTheWrittenValue()
    {
        var stores = await _database.AddPluginWithStoresAsync("updates");
        StoreTestRecord? seen = Sample;

        var written = await stores.Store.UpdateAsync<StoreTestRecord>("record", current =>
        {
            seen = current;
            return Sample with { Count = 1 };
        });

        Assert.That(seen, Is.Null);
        Assert.That(written.Count, Is.EqualTo(1));
        Assert.That(await stores.Store.UpdateAsync<StoreTestRecord>("record", current => current! with { Count = current.Count + 1 }), Has.Property("Count").EqualTo(2));
        Assert.That(await stores.Store.GetAsync<StoreTestRecord>("record"), Has.Property("Count").EqualTo(2));
    }

    [Test]
    public async Task UpdateAsync_DelegateThrows_PropagatesAndWritesNothing()
    {
        var stores = await _database.AddPluginWithStoresAsync("throws");
        await stores.WorkspaceData.SetAsync("ws", 1);

        Assert.ThrowsAsync<InvalidOperationException>(() => stores.WorkspaceData.UpdateAsync<int>("ws", _ => throw new InvalidOperationException("boom")));

        Assert.That(await stores.WorkspaceData.GetAsync<int>("ws"), Is.EqualTo(1));
        Assert.That(await stores.WorkspaceData.UpdateAsync<int>("ws", value => value + 1), Is.EqualTo(2), "the write lock was released");
    }

    [Test]
    public async Task Writes_CountRevisionsAndKeepCreatedAt()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var id = await _database.AddPluginAsync("revisions");
        var stores = _database.StoresFor(id, "revisions", timeProvider: clock);

        await stores.TaskData.SetAsync("task", 1);
        clock.Advance(TimeSpan.FromMinutes(5));
        await stores.TaskData.SetAsync("task", 2);
        clock.Advance(TimeSpan.FromMinutes(5));
        await stores.TaskData.UpdateAsync<int>("task", value => value + 1);
        await stores.Store.SetAsync("key", 1);
        await stores.Store.UpdateAsync<int>("key", value => value + 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await _database.ScalarAsync<long>("SELECT revision FROM plugin_task_data WHERE task_id = 'task'"), Is.EqualTo(3));
            Assert.That(await _database.ScalarAsync<string>("SELECT created_at FROM plugin_task_data WHERE task_id = 'task'"), Is.EqualTo("2026-03-01T12:00:00.0000000+00:00"));
            Assert.That(await _database.ScalarAsync<string>("SELECT updated_at FROM plugin_task_data WHERE task_id = 'task'"), Is.EqualTo("2026-03-01T12:10:00.0000000+00:00"));
            Assert.That(await _database.ScalarAsync<long>("SELECT revision FROM plugin_store WHERE key = 'key'"), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SetAsync_PluginRowDeleted_ThrowsPluginStoreExceptionNamingThePlugin()
    {
        var stores = await _database.AddPluginWithStoresAsync("gone");
        await _database.ExecuteAsync("DELETE FROM plugins WHERE name = 'gone'");

        var error = Assert.ThrowsAsync<PluginStoreException>(() => stores.Store.SetAsync("key", 1));

        Assert.That(error!.PluginName, Is.EqualTo("gone"));
        Assert.That(error.Message, Does.Contain("'gone'").And.Contain("'key'"));
        Assert.That(error.InnerException, Is.InstanceOf<System.Data.Common.DbException>());
    }

    [TestCase(null)]
    [TestCase("")]
    public async Task Stores_NullOrEmptyKey_ThrowArgumentExceptionNamingKey(string? key)
    {
        var stores = await _database.AddPluginWithStoresAsync("arguments");
        foreach (var store in new[] { stores.Store, stores.WorkspaceData, stores.TaskData })
        {
            var calls = new Func<Task>[]
            {
                () => store.GetAsync<int>(key!),
                () => store.GetAsync(key!, StoreTestJsonContext.Default.Int32),
                () => store.SetAsync(key!, 1),
                () => store.SetAsync(key!, 1, StoreTestJsonContext.Default.Int32),
                () => store.DeleteAsync(key!),
                () => store.UpdateAsync<int>(key!, value => value),
                () => store.UpdateAsync(key!, value => value, StoreTestJsonContext.Default.Int32),
            };

            foreach (var call in calls)
            {
                Assert.That(call, Throws.InstanceOf<ArgumentException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("key"));
            }
        }
    }

    [Test]
    public async Task EntityStores_ListKeysAsync_ListTheHostIdsWithData()
    {
        var stores = await _database.AddPluginWithStoresAsync("entities");
        await stores.WorkspaceData.SetAsync("ws-2", 2);
        await stores.WorkspaceData.SetAsync("ws-1", 1);
        await stores.TaskData.SetAsync("task-9", 9);

        Assert.That(await stores.WorkspaceData.ListKeysAsync(), Is.EqualTo(new[] { "ws-1", "ws-2" }));
        Assert.That(await stores.TaskData.ListKeysAsync("task-"), Is.EqualTo(new[] { "task-9" }));
        Assert.That(await stores.Store.ListKeysAsync(), Is.Empty);
    }

    [Test]
    public async Task Stores_NullDelegateOrTypeInfo_ThrowArgumentNullException()
    {
        var stores = await _database.AddPluginWithStoresAsync("arguments");

        Assert.That(() => stores.Store.UpdateAsync<int>("key", null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("update"));
        Assert.That(() => stores.TaskData.UpdateAsync<int>("id", null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("update"));
        Assert.That(() => stores.Store.GetAsync<int>("key", (System.Text.Json.Serialization.Metadata.JsonTypeInfo<int>)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("typeInfo"));
        Assert.That(() => stores.WorkspaceData.SetAsync("id", 1, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<int>)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("typeInfo"));
        Assert.That(() => stores.Store.GetAsync<int>("key", (JsonSerializerOptions)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("options"));
    }

    [Test]
    public async Task Stores_CallersOwnSerializerOptions_AreUsedForEachScope()
    {
        var stores = await _database.AddPluginWithStoresAsync("options");
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var value = new StoreTestRecord("a", 1, 0.5, DateTimeOffset.UnixEpoch, ["x"], null);

        await stores.Store.SetAsync("k", value, options);
        await stores.TaskData.SetAsync("t", value, options);
        var updated = await stores.WorkspaceData.UpdateAsync<StoreTestRecord>("w", _ => value, options);

        Assert.That(await stores.Store.GetAsync<StoreTestRecord>("k", options), Is.EqualTo(value));
        Assert.That(await stores.TaskData.GetAsync<StoreTestRecord>("t", options), Is.EqualTo(value));
        Assert.That(updated, Is.EqualTo(value));
        var raw = await _database.ScalarAsync<string>("SELECT value FROM plugin_store WHERE key = 'k'");
        Assert.That(raw, Does.Contain("\"name\":\"a\"").And.Contain("\"count\":1"), "stored with the caller's naming policy");
    }

    [Test]
    public async Task Stores_ExposeThePluginName()
    {
        var stores = await _database.AddPluginWithStoresAsync("named");
        Assert.That(stores.PluginName, Is.EqualTo("named"));
    }

    [Test]
    public void Constructor_InvalidArguments_Throw()
    {
        var options = new JsonSerializerOptions();
        Assert.That(() => new PluginStores(null!, 1, "p", options, 1, TimeProvider.System), Throws.ArgumentNullException);
        Assert.That(() => new PluginStores(_database.Storage, 1, "", options, 1, TimeProvider.System), Throws.ArgumentException);
        Assert.That(() => new PluginStores(_database.Storage, 1, "p", null!, 1, TimeProvider.System), Throws.ArgumentNullException);
        Assert.That(() => new PluginStores(_database.Storage, 1, "p", options, 0, TimeProvider.System), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new PluginStores(_database.Storage, 1, "p", options, 1, null!), Throws.ArgumentNullException);
    }

    [Test]
    public async Task GetAsync_CancelledToken_Throws()
    {
        var stores = await _database.AddPluginWithStoresAsync("cancel");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        Assert.That(() => stores.Store.GetAsync<int>("key", cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(() => stores.Store.UpdateAsync<int>("key", value => value + 1, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await stores.Store.ListKeysAsync(), Is.Empty);
    }

    [Test]
    public async Task SetAsync_MultiByteText_StoredAsUtf8TextOfTheSizeMeasured()
    {
        var id = await _database.AddPluginAsync("text");
        var stores = _database.StoresFor(id, "text", 8002, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var text = string.Concat(Enumerable.Repeat("ü€漢", 1000)); // 2 + 3 + 3 UTF-8 bytes from 3 UTF-16 units

        await stores.Store.SetAsync("text", text);

        Assert.That(await _database.ScalarAsync<string>(backend == TestBackend.Sqlite ? "SELECT typeof(value) FROM plugin_store" : "SELECT pg_typeof(value)::text FROM plugin_store"), Is.EqualTo("text"));
        Assert.That(await _database.ScalarAsync<long>($"SELECT {_database.ByteLength("value")} FROM plugin_store"), Is.EqualTo(8002));
        Assert.That(await stores.Store.GetAsync<string>("text"), Is.EqualTo(text));
        Assert.ThrowsAsync<PluginStoreException>(() => stores.Store.SetAsync("text", text + "ü"));
    }
}

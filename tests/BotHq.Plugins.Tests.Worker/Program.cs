using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BotHq.Plugins;
using BotHq.Plugins.Storage;
using BotHq.Plugins.PostgreSql;
using BotHq.Plugins.PostgreSql.DependencyInjection;
using BotHq.Plugins.PostgreSql.Storage;
using BotHq.Plugins.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// Verbs (every one prints "ready" once it may be released, and exits 0 on success, 1 with the error on stderr). <db> is a SQLite
// file, or pg:<schema>:<connection string> for a PostgreSQL schema:
//   increment <db> <plugin-id> <key> <tasks> <count> <go-file>   waits for <go-file>, then <tasks> x <count> UpdateAsync +1 on <key>
//   write-loop <db> <plugin-id>                                   writes self-validating values until killed
//   migrate <db> <go-file>                                        waits for <go-file>, then migrates; prints the number applied
//   host <sqlite|postgresql> <database> <schema|-> <plugins-dir> <key-dir> <kek|-> <plugin> <stop-file>
//        a host instance: a runtime on the database (a SQLite file, or a PostgreSQL connection string and schema), which starts
//        <plugin>'s MCP server, prints "server <pid>" and "ready", and runs until <stop-file> exists
try
{
    return args switch
    {
        ["increment", var db, var pluginId, var key, var tasks, var count, var goFile] =>
            await IncrementAsync(db, ParseLong(pluginId), key, (int)ParseLong(tasks), (int)ParseLong(count), goFile),
        ["write-loop", var db, var pluginId] => await WriteLoopAsync(db, ParseLong(pluginId)),
        ["migrate", var db, var goFile] => await MigrateAsync(db, goFile),
        ["host", var backend, var database, var schema, var pluginsDirectory, var keyDirectory, var keyEncryptionKey, var plugin, var stopFile] =>
            await HostAsync(backend, database, schema, pluginsDirectory, keyDirectory, keyEncryptionKey, plugin, stopFile),
        _ => Usage(),
    };
}
catch (Exception ex)
{
    await Console.Error.WriteLineAsync(ex.ToString());
    return 1;
}

static async Task<int> IncrementAsync(string db, long pluginId, string key, int tasks, int count, string goFile)
{
    var stores = Stores(db, pluginId);
    await ReadyThenWaitAsync(goFile);
    var workers = Enumerable.Range(0, tasks).Select(_ => Task.Run(async () =>
    {
        for (var i = 0; i < count; i++)
        {
            await stores.Store.UpdateAsync<int>(key, value => value + 1);
        }
    }));
    await Task.WhenAll(workers);
    Console.WriteLine("done");
    return 0;
}

static async Task<int> WriteLoopAsync(string db, long pluginId)
{
    var stores = Stores(db, pluginId);
    var random = new Random(unchecked((int)pluginId) ^ Environment.ProcessId);
    for (var sequence = 0L; ; sequence++)
    {
        // Sizes from tiny to several pages, so a kill can land in the middle of a multi-page write.
        var payload = RandomNumberGenerator.GetHexString(random.Next(1, 40_000));
        var value = new Dictionary<string, object>
        {
            ["sequence"] = sequence,
            ["payload"] = payload,
            ["length"] = payload.Length,
            ["sha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(payload))),
        };
        var key = "value-" + (sequence % 16).ToString(CultureInfo.InvariantCulture);
        switch (sequence % 3)
        {
            case 0:
                await stores.Store.SetAsync(key, value);
                break;
            case 1:
                await stores.Store.UpdateAsync<Dictionary<string, object>>(key, _ => value);
                break;
            default:
                await stores.WorkspaceData.SetAsync(key, value);
                break;
        }

        if (sequence == 50)
        {
            Console.WriteLine("ready");
        }
    }
}

static async Task<int> MigrateAsync(string db, string goFile)
{
    if (IsPostgreSql(db))
    {
        using var storage = Storage(db);
        await ReadyThenWaitAsync(goFile);
        Console.WriteLine((await storage.MigrateAsync(CancellationToken.None)).ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    var migrator = new SqliteSchemaMigrator(new SqliteConnectionFactory(new PluginRuntimeOptions { DatabasePath = db }), TimeProvider.System, NullLogger.Instance);
    await ReadyThenWaitAsync(goFile);
    var applied = await migrator.MigrateAsync();
    Console.WriteLine(applied.ToString(CultureInfo.InvariantCulture));
    return 0;
}

static async Task<int> HostAsync(
    string backend, string database, string schema, string pluginsDirectory, string keyDirectory, string keyEncryptionKey, string plugin, string stopFile)
{
    var options = new PluginRuntimeOptions
    {
        PluginsDirectory = pluginsDirectory,
        DatabasePath = backend == "sqlite" ? database : Path.Combine(keyDirectory, "unused.db"),
        KeyDirectory = keyDirectory,
        KeyEncryptionKey = keyEncryptionKey == "-" ? null : keyEncryptionKey,
        ChangePollInterval = TimeSpan.FromMilliseconds(100),
    };
    IPluginStorageFactory? storage = backend == "sqlite"
        ? null
        : new PostgreSqlStorageFactory(
            Options.Create(new PostgreSqlPluginStorageOptions { ConnectionString = database, SchemaName = schema }),
            new PostgreSqlDataSourceHolder(null));
    await using var runtime = new PluginRuntime(options, NullLoggerFactory.Instance, TimeProvider.System, null, storage);
    await runtime.InitializeAsync();
    await runtime.CallToolAsync(plugin, "pid");
    Console.WriteLine("server " + runtime.GetMcpStatus(plugin).ProcessId!.Value.ToString(CultureInfo.InvariantCulture));
    Console.WriteLine("ready");
    while (!File.Exists(stopFile))
    {
        await Task.Delay(20);
    }

    return 0;
}

static bool IsPostgreSql(string db) => db.StartsWith("pg:", StringComparison.Ordinal);

static IPluginStorage Storage(string db)
{
    if (!IsPostgreSql(db))
    {
        return new SqliteStorage(new PluginRuntimeOptions { DatabasePath = db }, TimeProvider.System, NullLoggerFactory.Instance);
    }

    var schemaEnd = db.IndexOf(':', 3);
    return new PostgreSqlStorage(
        NpgsqlDataSource.Create(db[(schemaEnd + 1)..]), ownsDataSource: true, db[3..schemaEnd], TimeProvider.System, NullLoggerFactory.Instance);
}

static PluginStores Stores(string db, long pluginId) =>
    new(
        Storage(db),
        pluginId,
        "worker-plugin",
        new JsonSerializerOptions(JsonSerializerDefaults.Web),
        1024 * 1024,
        TimeProvider.System);

static async Task ReadyThenWaitAsync(string goFile)
{
    Console.WriteLine("ready");

    // The barrier: every child spins on the same file, so all start within a millisecond of its creation.
    while (!File.Exists(goFile))
    {
        await Task.Delay(1);
    }
}

static long ParseLong(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

static int Usage()
{
    Console.Error.WriteLine("usage: increment <db> <plugin-id> <key> <tasks> <count> <go-file> | write-loop <db> <plugin-id> | migrate <db> <go-file> | host <sqlite|postgresql> <database> <schema|-> <plugins-dir> <key-dir> <kek|-> <plugin> <stop-file>");
    return 2;
}

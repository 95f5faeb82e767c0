using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace BotHq.Plugins.Tests.TestSupport.Postgres;

/// <summary>A throwaway PostgreSQL cluster for one test run: <c>initdb</c> in a temporary folder, then the <c>postgres</c> server
/// itself as a child process on a free port of 127.0.0.1, stopped and deleted at the end of the run.</summary>
/// <remarks>
/// <para>The server refuses to run as root (CI runs as root), so there the folder is given to the <c>postgres</c> user and both
/// programs run through <c>runuser</c>; as any other user they run as that user.</para>
/// <para>No server outlives the test process: it runs under a small shell that reads its standard input, which this process
/// holds open. When this process exits, however it exits (even killed), the pipe closes, the shell reads end of file and stops
/// the server (fast shutdown), and the postmaster's own children follow it.</para>
/// <para>Logins use a password (scram-sha-256) over TCP, so a wrong password is refused as it would be in production.</para>
/// </remarks>
internal sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>The start of every cluster folder's name, which every one of its processes names in its command line (or descends from one that does).</summary>
    public const string FolderPrefix = "bothq-pg-";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresCluster? _shared;

    private readonly string _root;
    private readonly string _user;
    private Process? _server;
    private readonly StringBuilder _log = new();

    private PostgresCluster(string root, int port, string password, string? user)
    {
        _root = root;
        Port = port;
        Password = password;
        _user = user ?? "";
    }

    /// <summary>Gets the port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Gets the superuser's (postgres) password.</summary>
    public string Password { get; }

    /// <summary>Gets the folder of the server's Unix sockets.</summary>
    public string SocketDirectory => Path.Combine(_root, "sockets");

    /// <summary>Gets the cluster shared by every test of this run, starting it on first use; ignores or fails the test (see
    /// <see cref="PostgresBinaries.Require"/>) when PostgreSQL is not installed.</summary>
    public static async Task<PostgresCluster> SharedAsync()
    {
        PostgresBinaries.Require();
        await SharedGate.WaitAsync();
        try
        {
            return _shared ??= await StartNewAsync();
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>Stops the shared cluster, if one was started; for the run's last teardown.</summary>
    public static async Task StopSharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is { } shared)
            {
                _shared = null;
                await shared.DisposeAsync();
            }
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>Creates and starts a new cluster of its own (most tests use <see cref="SharedAsync"/>).</summary>
    public static async Task<PostgresCluster> StartNewAsync()
    {
        PostgresBinaries.Require();
        var root = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(root, "sockets"));
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var asRoot = Environment.UserName == "root";
        var cluster = new PostgresCluster(root, FreePort(), password, asRoot ? "postgres" : null);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "pwfile"), password);
            if (asRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", root]);
            }

            await cluster.RunAsServerUserAsync(PostgresBinaries.Program("initdb"),
                ["-D", cluster.DataDirectory, "-U", "postgres", "--pwfile", Path.Combine(root, "pwfile"), "--auth-local=trust", "--auth-host=scram-sha-256",
                 "-E", "UTF8", "--no-locale", "--no-sync"]);
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Gets a connection string to a database as the superuser.</summary>
    public string ConnectionString(string database = "postgres", string? password = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Password = password ?? Password,
        Database = database,
        Timeout = 30,
    }.ToString();

    /// <summary>Creates a database (UTF8) and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, string encoding = "UTF8")
    {
        name ??= "db_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING '{encoding}' TEMPLATE template0", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Runs <c>pg_dump</c> on a database (schema and data, as SQL text).</summary>
    public async Task<string> DumpAsync(string database)
    {
        var start = new ProcessStartInfo(PostgresBinaries.Program("pg_dump"))
        {
            ArgumentList = { "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PGPASSWORD"] = Password },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_dump exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }

    /// <summary>Starts the server (again), on the same port and data.</summary>
    public async Task StartAsync()
    {
        if (_server is { HasExited: false })
        {
            return;
        }

        var postgres = PostgresBinaries.Program("postgres");
        string[] serverArguments =
        [
            "-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", SocketDirectory,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300", "-c", "shared_buffers=32MB", "-c", "log_min_messages=warning",
        ];

        // The shell stops the server when its standard input (this process's pipe) reaches end of file: on Stop, or when this process
        // dies. A background list reads /dev/null unless told otherwise, hence the pipe kept as descriptor 3 for the watcher.
        const string Watch = "exec 3<&0; \"$0\" \"$@\" </dev/null 3<&- & pid=$!; (read -r _ <&3; kill -INT \"$pid\" 2>/dev/null) & exec 3<&-; wait \"$pid\"";
        var start = _user.Length > 0
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", _user, "--", "/bin/sh", "-c", Watch, postgres } }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", Watch, postgres } };
        foreach (var argument in serverArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var server = Process.Start(start)!;
        server.OutputDataReceived += (_, e) => Append(e.Data);
        server.ErrorDataReceived += (_, e) => Append(e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _server = server;
        await WaitUntilReadyAsync(server);
    }

    /// <summary>Stops the server (fast shutdown: every session is ended) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_server is not { } server)
        {
            return;
        }

        _server = null;
        try
        {
            server.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        // The server deletes its pid file as it exits; wait for it, so a restart does not find the old one.
        for (var i = 0; i < 100 && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")); i++)
        {
            await Task.Delay(50);
        }

        server.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task WaitUntilReadyAsync(Process server)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"The PostgreSQL server exited with {server.ExitCode} at start:\n{Log()}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false;Timeout=5");
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(100);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private Task RunAsServerUserAsync(string program, string[] arguments) =>
        _user.Length > 0 ? RunAsync("runuser", ["-u", _user, "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Globalization;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Stdio;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Mcp.Stdio;

/// <summary>How a server process is started and stopped (Linux: spawned into its own session, <see cref="SpawnedChildProcess"/>),
/// with real processes: its group, pipes, folder, environment, exit code, start errors and the grandchildren a stop reaches.</summary>
public sealed class McpServerProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<McpServerProcess> _started = [];
    private TempDirectory _temp = null!;

    [SetUp]
    public void CreateFolder() => _temp = new TempDirectory("server-process");

    [TearDown]
    public async Task StopEverythingAsync()
    {
        foreach (var process in _started)
        {
            process.Kill();
            await process.StopAsync(TimeSpan.Zero);
        }

        _started.Clear();
        _temp.Dispose();
        await ChildProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public void Start_OnLinux_SpawnsTheServerItself()
    {
        RequireLinux();

        Assert.That(SpawnedChildProcess.IsSupported, Is.True, "glibc 2.29+ or musl 1.1.24+ spawns into a working directory");
    }

    [Test]
    public async Task Start_ServerLeadsItsOwnSessionAndProcessGroup_NotOurs()
    {
        RequireLinux();

        var server = Start("exec cat");

        var (group, session) = GroupAndSession(server.Id);
        var (ourGroup, _) = GroupAndSession(Environment.ProcessId);
        Assert.Multiple(() =>
        {
            Assert.That(server.ProcessGroupId, Is.EqualTo(server.Id));
            Assert.That(group, Is.EqualTo(server.Id));
            Assert.That(session, Is.EqualTo(server.Id));
            Assert.That(group, Is.Not.EqualTo(ourGroup));
        });
        await server.StopAsync(Patience);
        Assert.That(server.ExitCode, Is.Zero, "cat exits when its stdin closes");
    }

    [Test]
    public async Task Start_PassesArgumentsFolderAndExactlyTheGivenEnvironment()
    {
        var server = Start("pwd; echo \"$1\"; env | sort", environment: new() { ["PATH"] = "/usr/bin:/bin", ["BOTHQ_PROBE"] = "two words" }, argument: "a \"quoted\" arg");

        var lines = await ReadToEndAsync(server.Stdout);

        Assert.That(lines, Is.EqualTo(new[] { _temp.Path, "a \"quoted\" arg", "BOTHQ_PROBE=two words", "PATH=/usr/bin:/bin", "PWD=" + _temp.Path }));
    }

    [Test]
    public async Task Start_StderrIsItsOwnPipe()
    {
        var server = Start("echo out; echo err >&2");

        var stdout = await ReadToEndAsync(server.Stdout);
        var stderr = await ReadToEndAsync(server.Stderr);

        Assert.Multiple(() =>
        {
            Assert.That(stdout, Is.EqualTo(new[] { "out" }));
            Assert.That(stderr, Is.EqualTo(new[] { "err" }));
        });
    }

    [Test]
    public async Task Start_SignalsAsProcessStartLeavesThem()
    {
        RequireLinux();
        using var reference = Process.Start(new ProcessStartInfo("/bin/cat") { RedirectStandardInput = true, UseShellExecute = false })!;
        var server = Start("exec cat");

        // Until the shell has exec'd cat, its own handlers (SIGINT, SIGCHLD) are what /proc shows.
        await RunningAsync(server.Id, "cat");
        await RunningAsync(reference.Id, "cat");
        var ours = SignalState(server.Id);
        var theirs = SignalState(reference.Id);
        reference.StandardInput.Close();
        await reference.WaitForExitAsync();

        Assert.That(ours, Is.EqualTo(theirs), "blocked, ignored and caught signals (SigBlk, SigIgn, SigCgt) match a Process.Start child's");
    }

    [Test]
    public async Task Exited_ReportsTheExitCode()
    {
        var server = Start("exit 7");

        await server.Exited.WaitAsync(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(server.HasExited, Is.True);
            Assert.That(server.ExitCode, Is.EqualTo(7));
        });
    }

    [Test]
    public async Task Kill_ReportsTheSignalAsTheExitCode()
    {
        var server = Start("exec sleep 30");
        Assert.That(server.ExitCode, Is.Null);

        server.Kill();
        await server.Exited.WaitAsync(Patience);

        Assert.That(server.ExitCode, Is.EqualTo(128 + 9));
    }

    [Test]
    public async Task StopAsync_GrandchildWhoseParentExited_IsStopped()
    {
        RequireLinux();
        var server = Start($"{ChildProcesses.GrandchildMarker} >/dev/null 2>&1 & echo $!");
        var grandchild = int.Parse((await ReadToEndAsync(server.Stdout)).Single(), CultureInfo.InvariantCulture);
        await server.Exited.WaitAsync(Patience);
        Assert.That(ChildProcesses.IsAlive(grandchild), Is.True, "re-parented, still in the server's group");

        await server.StopAsync(Patience);

        Assert.That(ChildProcesses.IsAlive(grandchild), Is.False);
    }

    [Test]
    public void Start_MissingProgram_FailsNamingTheCommandAndTheReason()
    {
        var missing = _temp.Combine("no-such-server");

        var ex = Assert.Throws<McpServerException>(() => McpServerProcess.Start("absent", Command(missing, [])));

        Assert.That(ex!.Message, Is.EqualTo($"The MCP server of plugin 'absent' could not be started with '{missing}' in {_temp.Path}: No such file or directory. Check that the command exists and is executable."));
    }

    [Test]
    public void Start_ProgramNotExecutable_FailsNamingTheReason()
    {
        RequireLinux();
        var file = _temp.WriteFile("server.sh", "#!/bin/sh\n");

        var ex = Assert.Throws<McpServerException>(() => McpServerProcess.Start("plain", Command(file, [])));

        Assert.That(ex!.Message, Does.Contain($"could not be started with '{file}'").And.Contain("Permission denied"));
    }

    private static void RequireLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("Process groups and /proc are Linux's.");
        }
    }

    private static (int Group, int Session) GroupAndSession(int pid)
    {
        // /proc/<pid>/stat: "pid (comm) state ppid pgrp session ..."; comm may hold spaces, so count from its closing parenthesis.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
    }

    private static async Task RunningAsync(int pid, string program)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (File.ReadAllText($"/proc/{pid}/comm").Trim() != program)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"process {pid} did not become {program}");
            await Task.Delay(10);
        }
    }

    private static string[] SignalState(int pid) =>
        [.. File.ReadAllLines($"/proc/{pid}/status").Where(line => line.StartsWith("SigBlk:", StringComparison.Ordinal) || line.StartsWith("SigIgn:", StringComparison.Ordinal) || line.StartsWith("SigCgt:", StringComparison.Ordinal))];

    private static async Task<string[]> ReadToEndAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        var text = await reader.ReadToEndAsync().WaitAsync(Patience);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private McpServerProcess Start(string script, Dictionary<string, string>? environment = null, string? argument = null)
    {
        string[] arguments = argument is null ? ["-c", script] : ["-c", script, "sh", argument];
        var process = McpServerProcess.Start("probe", Command("/bin/sh", arguments, environment));
        _started.Add(process);
        return process;
    }

    private McpServerCommand Command(string program, string[] arguments, Dictionary<string, string>? environment = null) =>
        new(program, arguments, _temp.Path, environment ?? new() { ["PATH"] = "/usr/bin:/bin" }, program);
}

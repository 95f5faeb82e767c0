using System.Text.Json;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using BotHq.Plugins.Validation;

namespace BotHq.Plugins.Tests.Validation;

/// <summary><see cref="PluginValidator.StartServer"/> (<c>validate --start</c>) against servers we did not write: the pinned
/// TypeScript reference server and the official C# SDK's test server.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class PluginValidatorStartTests
{
    [Test]
    public async Task ValidateAsync_StartReferenceServerWithMisspelledTool_ErrorWithDidYouMeanAndTheToolsOffered()
    {
        var script = McpTestServer.RequireNodeServer("server-everything");
        using var temp = new TempDirectory("validate-start");
        var folder = Plugin(temp, "node", [script, "stdio"], ["echo", "ecko"]);

        var result = await new PluginValidator { StartServer = true }.ValidateAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(PluginProblemSeverity.Error));
            Assert.That(problem.Path, Is.EqualTo("$.mcp.tools[1]"));
            Assert.That(problem.File, Is.EqualTo(Path.Combine(folder, "plugin.json")));
            Assert.That(problem.Message, Does.Contain("does not offer a tool named 'ecko' (did you mean 'echo'?)"));
            Assert.That(problem.Message, Does.Contain("echo").And.Contain("Fix the name in mcp.tools"));
        });
    }

    [Test]
    public async Task ValidateAsync_StartSdkServerWithAllowedTools_ReportsNothingAndStopsTheServer()
    {
        using var temp = new TempDirectory("validate-start");
        var marker = $"validate-start-{Guid.NewGuid():N}";
        var folder = Plugin(temp, "dotnet", [McpTestServer.DllPath, "--name", marker], ["echo", "env"]);

        var result = await new PluginValidator { StartServer = true }.ValidateAsync(folder);

        Assert.That(result.Problems, Is.Empty, string.Join("\n", result.Problems.Select(p => $"{p.Path}: {p.Message}")));
        Assert.That(ProcessesWith(marker), Is.Empty, "the server is stopped when validation returns");
    }

    [Test]
    public async Task ValidateAsync_WithoutStart_DoesNotStartTheServer()
    {
        using var temp = new TempDirectory("validate-start");
        var folder = Plugin(temp, "dotnet", [McpTestServer.DllPath], ["no-such-tool"]);

        var result = await new PluginValidator().ValidateAsync(folder);

        Assert.That(result.Problems, Is.Empty, "the allow-list is only checked against a started server");
    }

    [Test]
    public async Task ValidateAsync_StartServerThatCannotStart_ErrorOnMcpWithTheCause()
    {
        using var temp = new TempDirectory("validate-start");
        var folder = Plugin(temp, "no-such-program-bothq", [], ["echo"]);

        var result = await new PluginValidator { StartServer = true }.ValidateAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(PluginProblemSeverity.Error));
            Assert.That(problem.Path, Is.EqualTo("$.mcp"));
            Assert.That(problem.Message, Does.Contain("no-such-program-bothq"));
        });
    }

    [Test]
    public async Task ValidateAsync_StartServerNeedingRequiredCredential_WarnsThatItWasNotStarted()
    {
        using var temp = new TempDirectory("validate-start");
        var folder = temp.Combine("alpha");
        temp.WriteFile("alpha/plugin.json", $$"""
            { "name": "alpha", "version": "1.0.0",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}], "tools": ["echo"] },
              "credentials": { "API_KEY": { "type": "secret", "required": true } } }
            """);

        var result = await new PluginValidator { StartServer = true }.ValidateAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(PluginProblemSeverity.Warning));
            Assert.That(problem.Path, Is.EqualTo("$.mcp"));
            Assert.That(problem.Message, Does.Contain("not started").And.Contain("API_KEY").And.Contain("credentials alpha --set"));
        });
    }

    private static string Plugin(TempDirectory temp, string command, string[] args, string[] tools)
    {
        var folder = temp.Combine("alpha");
        temp.WriteFile("alpha/plugin.json", $$"""
            { "name": "alpha", "version": "1.0.0",
              "mcp": { "command": {{JsonSerializer.Serialize(command)}}, "args": {{JsonSerializer.Serialize(args)}}, "tools": {{JsonSerializer.Serialize(tools)}} } }
            """);
        return folder;
    }

    private static List<string> ProcessesWith(string marker)
    {
        var found = new List<string>();
        if (!OperatingSystem.IsLinux())
        {
            return found;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(commandLine.Replace('\0', ' '));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}

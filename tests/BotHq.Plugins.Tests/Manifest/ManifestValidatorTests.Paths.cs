using BotHq.Plugins.Manifest;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Manifest;

/// <summary>The rule that every path stays inside the plugin's folder: written outside, and reached through symbolic links.</summary>
public sealed partial class ManifestValidatorTests
{
    private static readonly string[] PathMembers =
    [
        "$.mcp.entry", "$.mcp.command", "$.extensions", "$.ui.tabs[0].component", "$.ui.workspaceSettings", "$.ui.taskBadge", "$.ui.taskActions",
    ];

    [TestCase("/etc/passwd", "is an absolute path")]
    [TestCase("C:/Windows/evil.js", "is an absolute path")]
    [TestCase("c:evil.js", "is an absolute path")]
    [TestCase("../sibling/x.js", "resolves outside the plugin's folder ('..' climbs above it)")]
    [TestCase("a/../../x.js", "resolves outside the plugin's folder")]
    [TestCase("./a/./../b/../../../x.js", "resolves outside the plugin's folder")]
    [TestCase("..", "resolves outside the plugin's folder")]
    [TestCase("a\\b.js", "contains a backslash; separate folders with '/'")]
    [TestCase("..\\x.js", "contains a backslash")]
    [TestCase(".", "names the plugin's folder itself")]
    [TestCase("a/..", "names the plugin's folder itself")]
    [TestCase("", "must not be empty")]
    public void Validate_PathNotInsideFolder_ReportsEveryPathMember(string path, string message)
    {
        var problems = ValidateEveryPath(path);

        // A command without a separator is a program looked up on PATH, and an absolute one a program installed on the host,
        // so only relative paths with a separator concern it.
        var commandIsPath = path.Length == 0 || (path.AsSpan().IndexOfAny('/', '\\') >= 0 && !Path.IsPathFullyQualified(path));
        foreach (var member in PathMembers.Where(m => commandIsPath || m != "$.mcp.command"))
        {
            Assert.That(problems, Has.Some.Matches<PluginProblem>(p => p.Path == member && p.Message.Contains(message, StringComparison.Ordinal)),
                () => $"{member} for '{path}'; problems were: {Describe(problems)}");
        }

        Assert.That(problems, Has.Count.EqualTo(commandIsPath ? PathMembers.Length : PathMembers.Length - 1), () => Describe(problems));
    }

    [TestCase("node")]
    [TestCase("python3")]
    [TestCase("/usr/bin/python3")]
    public void Validate_CommandBareOrAbsolute_IsAProgramNotAPluginPath(string command)
    {
        var result = Validate(Json($"{{'name': 'a', 'version': '1.0.0', 'mcp': {{'command': '{command}'}}}}"));

        Assert.That(result.Problems, Is.Empty);
    }

    [TestCase("server/index.js")]
    [TestCase("./server/../index.js")]
    [TestCase("a//b.js")]
    [TestCase("does/not/exist/yet.js")]
    public void Validate_PathInsideFolder_IsAccepted(string path)
    {
        Assert.That(ValidateEveryPath(path), Is.Empty);
    }

    [Test]
    public void Validate_DirectoryLinkLeadingOutside_ReportsEveryPathThroughIt()
    {
        var outside = _temp.Combine("outside");
        Directory.CreateDirectory(outside);
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "lib"), outside, directory: true);

        var problems = ValidateEveryPath("lib/x.js");

        foreach (var member in PathMembers)
        {
            Assert.That(problems, Has.Some.Matches<PluginProblem>(p => p.Path == member
                && p.Message.Contains("resolves through a symbolic link to", StringComparison.Ordinal)
                && p.Message.Contains(Path.Combine(outside, "x.js"), StringComparison.Ordinal)),
                () => $"{member}; problems were: {Describe(problems)}");
        }
    }

    [Test]
    public void Validate_FileLinkToOutsideFile_IsReported()
    {
        var secret = _temp.WriteFile("secret.txt", "secret");
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "server.js"), secret, directory: false);

        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 'server.js'}}"));

        Assert.That(result.Problems, Has.Count.EqualTo(1));
        Assert.That(result.Problems[0].Path, Is.EqualTo("$.mcp.entry"));
        Assert.That(result.Problems[0].Message, Does.Contain($"to '{secret}', outside the plugin's folder"));
    }

    [Test]
    public void Validate_LinkToSiblingFolderSharingTheNamePrefix_IsReported()
    {
        var sibling = _temp.Combine("plugins", "my-plugin-evil");
        Directory.CreateDirectory(sibling);
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "lib"), sibling, directory: true);

        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'extensions': 'lib/x.dll'}"));

        Assert.That(result.Problems.Single().Message, Does.Contain($"to '{Path.Combine(sibling, "x.dll")}', outside the plugin's folder"));
    }

    [Test]
    public void Validate_DanglingLinkPointingOutside_IsReported()
    {
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "ext.dll"), "/nonexistent-bothq/ext.dll", directory: false);

        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'extensions': 'ext.dll'}"));

        Assert.That(result.Problems.Single().Path, Is.EqualTo("$.extensions"));
        Assert.That(result.Problems.Single().Message, Does.Contain("resolves through a symbolic link"));
    }

    [Test]
    public void Validate_RelativeLinkClimbingOut_IsReported()
    {
        _temp.WriteFile("plugins/other-plugin/server.js", "// another plugin's file");
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "server.js"), "../other-plugin/server.js", directory: false);

        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 'server.js'}}"));

        Assert.That(result.Problems.Single().Message, Does.Contain("outside the plugin's folder"));
    }

    [Test]
    public void Validate_DotDotAfterLink_FollowsTheLinkFirst()
    {
        // The OS resolves 'lib/..' as the parent of the link's target, not as the plugin's folder: so must we.
        var outsideLib = _temp.Combine("outside", "lib");
        Directory.CreateDirectory(outsideLib);
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "lib"), outsideLib, directory: true);

        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 'lib/../server.js'}}"));

        Assert.That(result.Problems.Single().Message, Does.Contain($"to '{_temp.Combine("outside", "server.js")}'"));
    }

    [Test]
    public void Validate_LinksStayingInside_AreAccepted()
    {
        _temp.WriteFile("plugins/my-plugin/dist/v2/server.js", "// server");
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "current"), Path.Combine(_pluginDirectory, "dist", "v2"), directory: true);
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "server.js"), "current/server.js", directory: false);

        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 'server.js'}, 'extensions': 'current/../v2/server.js'}"));

        Assert.That(result.Problems, Is.Empty, () => Describe(result.Problems));
    }

    [Test]
    public void Validate_PluginFolderItselfALink_AcceptsPathsInsideItsTarget()
    {
        var realFolder = _temp.Combine("elsewhere", "real-plugin");
        Directory.CreateDirectory(Path.Combine(realFolder, "server"));
        var linkedFolder = _temp.Combine("plugins", "linked-plugin");
        SymbolicLink.Create(linkedFolder, realFolder, directory: true);

        var result = new ManifestValidator("1.0.0").Validate(
            Json("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 'server/index.js'}}"), linkedFolder);

        Assert.That(result.Problems, Is.Empty, () => Describe(result.Problems));
    }

    [Test]
    public void Validate_LinkLoop_IsReportedNotThrown()
    {
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "a"), "b", directory: false);
        SymbolicLink.Create(Path.Combine(_pluginDirectory, "b"), "a", directory: false);

        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 'a/server.js'}}"));

        Assert.That(result.Problems.Single().Path, Is.EqualTo("$.mcp.entry"));
        Assert.That(result.Problems.Single().Message, Does.Contain("could not be checked").And.Contain("symbolic links were followed"));
    }

    /// <summary>Validates one manifest with the path in every path member but mcp.command, and one with it in mcp.command (entry and command exclude each other).</summary>
    private List<PluginProblem> ValidateEveryPath(string path)
    {
        var escaped = path.Replace("\\", "\\\\", StringComparison.Ordinal);
        var everyPath = Json($$"""
            {
              'name': 'a', 'version': '1.0.0',
              'mcp': { 'entry': '{{escaped}}' },
              'extensions': '{{escaped}}',
              'ui': { 'tabs': [ { 'id': 't', 'label': 'T', 'component': '{{escaped}}' } ],
                      'workspaceSettings': '{{escaped}}', 'taskBadge': '{{escaped}}', 'taskActions': '{{escaped}}' }
            }
            """);
        var command = Json($$"""{'name': 'a', 'version': '1.0.0', 'mcp': { 'command': '{{escaped}}' } }""");
        return [.. Validate(everyPath).Problems, .. Validate(command).Problems];
    }
}

using BotHq.Plugins.Tests.TestSupport;
using BotHq.Plugins.Validation;

namespace BotHq.Plugins.Tests.Validation;

[TestFixture]
public sealed class PluginValidatorTests
{
    private const string BasicDll = TestExtensionBuilds.Basic + ".dll";

    [Test]
    public async Task ValidateAsync_PluginWithWorkingExtension_ReportsNothing()
    {
        using var temp = new TempDirectory("validate");
        var folder = ExtensionPlugin(temp, TestExtensionBuilds.Basic);

        var result = await new PluginValidator().ValidateAsync(folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty, Describe(result));
            Assert.That(result.Name, Is.EqualTo("alpha"));
            Assert.That(result.Folder, Is.EqualTo(folder));
            Assert.That(Directory.Exists(folder) && File.Exists(Path.Combine(folder, BasicDll)), Is.True, "the plugin's folder is left as it was");
        });
    }

    [Test]
    public async Task ValidateAsync_ExtensionMisspelledAtRoot_WarnsWithDidYouMean()
    {
        using var temp = new TempDirectory("validate");
        var folder = temp.Combine("alpha");
        temp.WriteFile("alpha/plugin.json", """{ "name": "alpha", "version": "1.0.0", "extension": "bin/Alpha.dll" }""");

        var result = await new PluginValidator().ValidateAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(PluginProblemSeverity.Warning));
            Assert.That(problem.Path, Is.EqualTo("$.extension"));
            Assert.That(problem.File, Is.EqualTo(Path.Combine(folder, "plugin.json")));
            Assert.That(problem.Message, Does.Contain("did you mean \"extensions\""));
            Assert.That(result.HasErrors, Is.False);
        });
    }

    [Test]
    public async Task ValidateAsync_UnknownNestedMembers_WarnEachWithItsPath()
    {
        using var temp = new TempDirectory("validate");
        var folder = temp.Combine("alpha");
        temp.WriteFile("alpha/plugin.json", """
            { "name": "alpha", "version": "1.0.0",
              "settings": { "apiUrl": { "type": "string", "lable": "API URL" } },
              "credentials": { "TOKEN": { "type": "secret", "requird": true } },
              "colour": "blue" }
            """);

        var result = await new PluginValidator().ValidateAsync(folder);

        var byPath = result.Problems.ToDictionary(p => p.Path, p => p.Message);
        Assert.Multiple(() =>
        {
            Assert.That(byPath.Keys, Is.EquivalentTo(new[] { "$.settings.apiUrl.lable", "$.credentials.TOKEN.requird", "$.colour" }), Describe(result));
            Assert.That(byPath["$.settings.apiUrl.lable"], Does.Contain("did you mean \"label\""));
            Assert.That(byPath["$.credentials.TOKEN.requird"], Does.Contain("did you mean \"required\""));
            Assert.That(byPath["$.colour"], Does.Contain("remove it").And.Contain("extensions"), "no near miss: the known members are listed");
            Assert.That(result.Problems.All(p => p.Severity == PluginProblemSeverity.Warning), Is.True);
        });
    }

    [Test]
    public async Task ValidateAsync_McpEntryMissing_ErrorWithFix()
    {
        using var temp = new TempDirectory("validate");
        var folder = temp.Combine("alpha");
        temp.WriteFile("alpha/plugin.json", """{ "name": "alpha", "version": "1.0.0", "mcp": { "entry": "server/index.js" } }""");
        temp.WriteFile("alpha/server/main.js", "// the server, under another name");

        var result = await new PluginValidator().ValidateAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(PluginProblemSeverity.Error));
            Assert.That(problem.Path, Is.EqualTo("$.mcp.entry"));
            Assert.That(problem.Message, Does.Contain("'server/index.js' does not exist").And.Contain("'server/main.js'").And.Contain("fix mcp.entry"));
            Assert.That(result.HasErrors, Is.True);
        });
    }

    [Test]
    public async Task ValidateAsync_WrongExtensionDllName_ErrorNamesTheDllThatIsThere()
    {
        using var temp = new TempDirectory("validate");
        var folder = ExtensionPlugin(temp, TestExtensionBuilds.Basic, manifestDll: "BotHq.TestExtension.Basic.dll");

        var result = await new PluginValidator().ValidateAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(PluginProblemSeverity.Error));
            Assert.That(problem.Path, Is.EqualTo("$.extensions"));
            Assert.That(problem.Message, Does.Contain($"did you mean '{BasicDll}'").And.Contain("fix extensions"));
        });
    }

    [Test]
    public async Task ValidateAsync_ExtensionConstructorThrows_ErrorWithTheExceptionAndFix()
    {
        using var temp = new TempDirectory("validate");
        var folder = ExtensionPlugin(temp, TestExtensionBuilds.ThrowingCtor);

        var result = await new PluginValidator().ValidateAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(PluginProblemSeverity.Error));
            Assert.That(problem.Path, Is.EqualTo("$.extensions"));
            Assert.That(problem.File, Is.EqualTo(Path.Combine(folder, TestExtensionBuilds.ThrowingCtor + ".dll")));
            Assert.That(problem.Message, Does.Contain("constructor").And.Contain("refuses to start").And.Contain("Fix the constructor"));
            Assert.That(problem.Message, Does.Not.Contain("bothq-validate-"), "the message names the real folder, not the throwaway runtime's link");
        });
    }

    [Test]
    public async Task ValidateAsync_ContractAssemblyShipped_WarnsWithTheFix()
    {
        using var temp = new TempDirectory("validate");
        var folder = ExtensionPlugin(temp, TestExtensionBuilds.Basic);
        File.Copy(typeof(IPluginContext).Assembly.Location, Path.Combine(folder, "BotHq.Plugins.Abstractions.dll"));

        var result = await new PluginValidator().ValidateAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(PluginProblemSeverity.Warning));
            Assert.That(problem.File, Is.EqualTo(Path.Combine(folder, "BotHq.Plugins.Abstractions.dll")));
            Assert.That(problem.Message, Does.Contain("ExcludeAssets=\"runtime\""));
        });
    }

    [Test]
    public async Task ValidateAsync_InvalidManifest_ErrorsAsTheRuntimeReportsThem()
    {
        using var temp = new TempDirectory("validate");
        var folder = temp.Combine("broken");
        temp.WriteFile("broken/plugin.json", """{ "name": "Broken_Name" }""");

        var result = await new PluginValidator().ValidateAsync(folder);

        Assert.That(result.Problems.Select(p => p.Path), Is.SupersetOf(new[] { "$.name", "$.version" }));
        Assert.That(result.Problems.All(p => p.Severity == PluginProblemSeverity.Error), Is.True);
    }

    [Test]
    public async Task ValidateAsync_ManifestNotUtf8_ErrorNamesTheFileAndTheBytes()
    {
        using var temp = new TempDirectory("validate");
        var folder = temp.Combine("latin1");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "plugin.json"), [.. "{\"name\":\"latin1\",\"version\":\"1.0.0\",\"k"u8, 0xE9, .. "y\":1}"u8]);

        var result = await new PluginValidator().ValidateAsync(folder);

        var problem = result.Problems.Single();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Severity, Is.EqualTo(PluginProblemSeverity.Error));
            Assert.That(problem.File, Is.EqualTo(Path.Combine(folder, "plugin.json")));
            Assert.That(problem.Message, Does.Contain("not valid UTF-8 text (the bytes [E9] at byte 37"));
        });
    }

    [Test]
    public async Task ValidateAsync_NoManifest_ErrorSaysHowToStart()
    {
        using var temp = new TempDirectory("validate");

        var result = await new PluginValidator().ValidateAsync(temp.Path);

        Assert.That(result.Problems.Single().Message, Does.Contain("plugin.json does not exist").And.Contain("plugin-authoring.md"));
    }

    [TestCase("extension", "extensions")]
    [TestCase("Extensions", "extensions")]
    [TestCase("verison", "version")]
    [TestCase("mcpp", "mcp")]
    [TestCase("entrypoint", null)]
    [TestCase("x", null)]
    public void Suggest_NearMisses_FindTheKnownName(string name, string? expected)
    {
        string[] known = ["name", "version", "mcp", "extensions", "settings"];

        Assert.That(BotHq.Plugins.Manifest.ManifestMemberChecker.Suggest(name, known), Is.EqualTo(expected));
    }

    private static string ExtensionPlugin(TempDirectory temp, string project, string? manifestDll = null)
    {
        var folder = temp.Combine("alpha");
        Directory.CreateDirectory(folder);
        TestExtensionBuilds.CopyTo(project, folder);
        temp.WriteFile("alpha/plugin.json", $$"""{ "name": "alpha", "version": "1.0.0", "extensions": "{{manifestDll ?? project + ".dll"}}" }""");
        return folder;
    }

    private static string Describe(PluginValidation result) =>
        string.Join("\n", result.Problems.Select(p => $"{p.Severity} {p.Path}: {p.Message}"));
}

using System.Diagnostics;
using System.Text;
using BotHq.Plugins.Loading;
using BotHq.Plugins.Tests.Manifest;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Tests.Loading;

[TestFixture]
public sealed class PluginLoaderTests
{
    private TempDirectory _temp = null!;
    private string _plugins = null!;
    private FakeLogger<PluginLoader> _logger = null!;
    private PluginLoader _loader = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory("loader");
        _plugins = _temp.Combine("plugins");
        _logger = new FakeLogger<PluginLoader>();
        _loader = new PluginLoader(_logger);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void Discover_MissingDirectory_CreatesItAndFindsNothing()
    {
        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.Multiple(() =>
        {
            Assert.That(Directory.Exists(_plugins), Is.True);
            Assert.That(result.Plugins, Is.Empty);
            Assert.That(result.Errors, Is.Empty);
        });
    }

    [Test]
    public void Discover_EmptyDirectory_FindsNothing()
    {
        Directory.CreateDirectory(_plugins);

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.That(result.Plugins, Is.Empty);
        Assert.That(result.Errors, Is.Empty);
    }

    [Test]
    public void Discover_SeedPlugin_IsFoundWithItsExactText()
    {
        var text = "{\n  \"name\": \"test-plugin\", \"version\": \"1.0.0\",\n  \"description\": \"Test plugin for development\"\n}\n";
        _temp.WriteFile("plugins/test-plugin/plugin.json", text);

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.That(result.Errors, Is.Empty);
        var plugin = result.Plugins.Single();
        Assert.Multiple(() =>
        {
            Assert.That(plugin.Directory, Is.EqualTo(_temp.Combine("plugins", "test-plugin")));
            Assert.That(plugin.Manifest.Name, Is.EqualTo("test-plugin"));
            Assert.That(plugin.Manifest.Description, Is.EqualTo("Test plugin for development"));
            Assert.That(Encoding.UTF8.GetString(plugin.ManifestUtf8.Span), Is.EqualTo(text));
            Assert.That(plugin.Incompatible, Is.False);
            Assert.That(plugin.Problems, Is.Empty);
        });
    }

    [Test]
    public void Discover_ManifestWithByteOrderMark_IsReadWithoutIt()
    {
        var path = _temp.Combine("plugins", "bom", "plugin.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, ManifestSamples.Seed, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var plugin = _loader.Discover(_plugins, "1.0.0").Plugins.Single();

        Assert.That(Encoding.UTF8.GetString(plugin.ManifestUtf8.Span), Is.EqualTo(ManifestSamples.Seed));
    }

    [Test]
    public void Discover_FoldersWithoutManifest_HiddenFoldersAndTopLevelFiles_AreSkippedSilently()
    {
        Directory.CreateDirectory(_temp.Combine("plugins", "empty-folder"));
        _temp.WriteFile("plugins/no-manifest/README.md", "not a plugin");
        _temp.WriteFile("plugins/.hidden/plugin.json", """{"name":"hidden","version":"1.0.0"}""");
        _temp.WriteFile("plugins/.git/plugin.json", "not even JSON");
        _temp.WriteFile("plugins/plugin.json", """{"name":"top-level","version":"1.0.0"}""");
        _temp.WriteFile("plugins/notes.txt", "a file");
        _temp.WriteFile("plugins/real/plugin.json", """{"name":"real","version":"1.0.0"}""");

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.Multiple(() =>
        {
            Assert.That(result.Plugins.Select(p => p.Manifest.Name), Is.EqualTo(new[] { "real" }));
            Assert.That(result.Errors, Is.Empty);
            Assert.That(_logger.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning), Is.Empty, "skipping is not a warning");
            Assert.That(_logger.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Debug && r.Message.StartsWith("Skipped", StringComparison.Ordinal)), Is.EqualTo(4));
        });
    }

    [Test]
    public void Discover_PluginFolderIsALinkThatDanglesOrLoops_ListedWithWhy()
    {
        Directory.CreateDirectory(_plugins);
        var target = _temp.Combine("build", "ghost");
        Directory.CreateSymbolicLink(Path.Combine(_plugins, "ghost"), target);
        Directory.CreateSymbolicLink(Path.Combine(_plugins, "loop"), Path.Combine(_plugins, "loop"));
        File.CreateSymbolicLink(Path.Combine(_plugins, "notes.txt"), _temp.WriteFile("notes.txt", "a file, linked"));

        var result = _loader.Discover(_plugins, "1.0.0");

        var problems = result.Errors.ToDictionary(e => Path.GetFileName(e.Path), e => e.Errors.Single().Message);
        Assert.Multiple(() =>
        {
            Assert.That(problems.Keys, Is.EquivalentTo(new[] { "ghost", "loop" }), "a link to a file is a file: skipped");
            Assert.That(problems.GetValueOrDefault("ghost"), Does.Contain($"symbolic link to '{target}', which does not exist"));
            Assert.That(problems.GetValueOrDefault("loop"), Does.Contain("symbolic link that cannot be followed"));
        });
    }

    [Test]
    public void Discover_SeveralFolders_OrdersByFolderNameOrdinal()
    {
        foreach (var folder in new[] { "b", "a-2", "B", "a", "a-10", "_x" })
        {
            _temp.WriteFile($"plugins/{folder}/plugin.json", $$"""{"name":"p{{folder.ToLowerInvariant().Replace("_", "", StringComparison.Ordinal)}}-{{folder.Length}}{{(char.IsUpper(folder[0]) ? "u" : "")}}","version":"1.0.0"}""");
        }

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.That(result.Errors, Is.Empty, () => string.Join("; ", result.Errors.SelectMany(e => e.Errors).Select(p => p.Message)));
        Assert.That(result.Plugins.Select(p => Path.GetFileName(p.Directory)), Is.EqualTo(new[] { "B", "_x", "a", "a-10", "a-2", "b" }));
    }

    [Test]
    public void Discover_ManyMixedFolders_KeepsFolderOrderForPluginsAndErrors()
    {
        // Well over the count above which folders are inspected in parallel.
        var valid = new List<string>();
        var invalid = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            var folder = $"f{i:D3}";
            switch (i % 6)
            {
                case 0:
                    _temp.WriteFile($"plugins/{folder}/plugin.json", "{ not json");
                    invalid.Add(folder);
                    break;
                case 1:
                    _temp.WriteFile($"plugins/.{folder}/plugin.json", "{}");
                    break;
                case 2:
                    Directory.CreateDirectory(_temp.Combine("plugins", folder));
                    break;
                case 3:
                    _temp.WriteFile($"plugins/{folder}/plugin.json", "{\"name\":\"twin\",\"version\":\"1.0.0\"}");
                    invalid.Add(folder);
                    break;
                default:
                    _temp.WriteFile($"plugins/{folder}/plugin.json", $"{{\"name\":\"plugin-{i}\",\"version\":\"1.0.{i}\"}}");
                    valid.Add(folder);
                    break;
            }
        }

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.Multiple(() =>
        {
            Assert.That(result.Plugins.Select(p => Path.GetFileName(p.Directory)), Is.EqualTo(valid));
            Assert.That(result.Errors.Select(e => Path.GetFileName(e.Path)), Is.EqualTo(invalid));
            Assert.That(
                _logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => Path.GetFileName(r.GetStructuredStateValue("PluginFolder"))),
                Is.EqualTo(invalid),
                "one warning per invalid folder, in folder order");
        });
    }

    [Test]
    public void Discover_InvalidManifest_BecomesLoadErrorWithNameAndEveryProblem()
    {
        _temp.WriteFile("plugins/broken/plugin.json", """{"name":"broken","version":"one","mcp":{"transport":"http"}}""");
        _temp.WriteFile("plugins/fine/plugin.json", """{"name":"fine","version":"1.0.0"}""");

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.That(result.Plugins.Select(p => p.Manifest.Name), Is.EqualTo(new[] { "fine" }));
        var error = result.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Path, Is.EqualTo(_temp.Combine("plugins", "broken")));
            Assert.That(error.Name, Is.EqualTo("broken"));
            Assert.That(error.Errors.Select(p => p.Path), Is.EqualTo(new[] { "$.version", "$.mcp", "$.mcp.transport" }));
        });
    }

    [Test]
    public void Discover_MalformedManifest_BecomesLoadErrorWithoutName()
    {
        _temp.WriteFile("plugins/malformed/plugin.json", "{\"name\": \"malformed\",\n\"version\": }");

        var error = _loader.Discover(_plugins, "1.0.0").Errors.Single();

        Assert.That(error.Name, Is.Null);
        Assert.That(error.Errors.Single().Message, Does.Contain("not valid JSON at line 2"));
    }

    [Test]
    public void Discover_LoadErrors_AreEachLoggedOnceAsWarning()
    {
        _temp.WriteFile("plugins/one/plugin.json", """{"name":"one"}""");
        _temp.WriteFile("plugins/two/plugin.json", "[]");
        _temp.WriteFile("plugins/three/plugin.json", """{"name":"three","version":"1.0.0"}""");

        _loader.Discover(_plugins, "1.0.0");

        var warnings = _logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.That(warnings, Has.Count.EqualTo(2));
        Assert.That(warnings[0].Message, Does.Contain(_temp.Combine("plugins", "one")).And.Contain("$.version: is required"));
        Assert.That(warnings[1].Message, Does.Contain(_temp.Combine("plugins", "two")).And.Contain("must hold a JSON object"));
    }

    [Test]
    public void Discover_TwoFoldersWithOneName_LoadsNeitherAndNamesTheOtherFolder()
    {
        _temp.WriteFile("plugins/first/plugin.json", """{"name":"same","version":"1.0.0"}""");
        _temp.WriteFile("plugins/second/plugin.json", """{"name":"same","version":"2.0.0"}""");
        _temp.WriteFile("plugins/other/plugin.json", """{"name":"other","version":"1.0.0"}""");

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.That(result.Plugins.Select(p => p.Manifest.Name), Is.EqualTo(new[] { "other" }));
        Assert.That(result.Errors.Select(e => (e.Path, e.Name)), Is.EqualTo(new[]
        {
            (_temp.Combine("plugins", "first"), "same"),
            (_temp.Combine("plugins", "second"), "same"),
        }));
        var first = result.Errors[0].Errors.Single();
        var second = result.Errors[1].Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(first.Path, Is.EqualTo("$.name"));
            Assert.That(first.Message, Does.Contain($"'same' is also the name of the plugin in '{_temp.Combine("plugins", "second")}'"));
            Assert.That(second.Message, Does.Contain($"in '{_temp.Combine("plugins", "first")}'"));
            Assert.That(second.Message, Does.Contain("Rename one of the plugins"));
        });
    }

    [Test]
    public void Discover_DuplicateNameOfAnInvalidManifest_StillRefusesBoth()
    {
        _temp.WriteFile("plugins/good/plugin.json", """{"name":"dup","version":"1.0.0"}""");
        _temp.WriteFile("plugins/bad/plugin.json", """{"name":"dup","version":"nope"}""");
        _temp.WriteFile("plugins/third/plugin.json", """{"name":"dup","version":"1.0.0","bot-hq":{"minVersion":"5.0.0"}}""");

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.That(result.Plugins, Is.Empty);
        Assert.That(result.Errors, Has.Count.EqualTo(3));
        var bad = result.Errors.Single(e => e.Path.EndsWith("bad", StringComparison.Ordinal));
        Assert.That(bad.Errors.Select(p => p.Path), Is.EqualTo(new[] { "$.version", "$.name" }));
        Assert.That(bad.Errors[1].Message, Does.Contain(_temp.Combine("plugins", "good")).And.Contain(_temp.Combine("plugins", "third")));
    }

    [Test]
    public void Discover_PluginNeedingNewerHost_IsListedAsIncompatible()
    {
        _temp.WriteFile("plugins/future/plugin.json", """{"name":"future","version":"1.0.0","bot-hq":{"minVersion":"2.0.0"}}""");

        var result = _loader.Discover(_plugins, "1.4.2");

        Assert.That(result.Errors, Is.Empty);
        var plugin = result.Plugins.Single();
        Assert.That(plugin.Incompatible, Is.True);
        Assert.That(plugin.Problems.Single().Message, Does.Contain("2.0.0").And.Contain("1.4.2"));
        Assert.That(_logger.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning), Is.Empty);
    }

    [Test]
    public void Discover_ManifestOver1MiB_IsRefusedBeforeReading()
    {
        _temp.WriteFile("plugins/huge/plugin.json", "{\"name\":\"huge\",\"version\":\"1.0.0\",\"x\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");

        var error = _loader.Discover(_plugins, "1.0.0").Errors.Single();

        Assert.That(error.Errors.Single().Message, Does.Contain("over the limit of 1048576 bytes (1 MiB)"));
    }

    [Test]
    public void Discover_ManifestNotUtf8_IsReported()
    {
        var path = _temp.Combine("plugins", "latin1", "plugin.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("{\"name\":\"latin1\",\"version\":\"1.0.0\",\"description\":\"caf"), 0xE9, .. Encoding.ASCII.GetBytes("\"}")]);

        var error = _loader.Discover(_plugins, "1.0.0").Errors.Single();

        Assert.That(error.Errors.Single().Message, Does.Contain("is not valid UTF-8 text").And.Contain("save it with UTF-8 encoding"));
    }

    [Test]
    public void Discover_ManifestNotUtf8_SaysWhichBytesAndWhere()
    {
        var path = _temp.Combine("plugins", "latin1", "plugin.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("{\"name\":\"caf"), 0xE9, .. Encoding.ASCII.GetBytes("\"}")]);

        var error = _loader.Discover(_plugins, "1.0.0").Errors.Single();

        Assert.That(error.Errors.Single().Message, Does.Contain("the bytes [E9] at byte 12 are not UTF-8"));
    }

    [Test]
    public void Discover_ManifestSavedAsUtf16_IsReportedAsNotUtf8()
    {
        var path = _temp.Combine("plugins", "utf16", "plugin.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, ManifestSamples.Seed, Encoding.Unicode);

        var error = _loader.Discover(_plugins, "1.0.0").Errors.Single();

        Assert.That(error.Errors.Single().Message, Does.StartWith("plugin.json is not valid UTF-8 text (the bytes [FF] at byte 0").And.Contain("UTF-16"));
    }

    [Test]
    public void Discover_ManifestIsALinkLoop_IsReportedAsUnreadable()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("plugins", "loop")).FullName;
        SymbolicLink.Create(Path.Combine(folder, "plugin.json"), Path.Combine(folder, "other.json"), directory: false);
        SymbolicLink.Create(Path.Combine(folder, "other.json"), Path.Combine(folder, "plugin.json"), directory: false);

        var error = _loader.Discover(_plugins, "1.0.0").Errors.Single();

        Assert.That(error.Errors.Single().Message, Does.StartWith("plugin.json could not be read:"));
    }

    [Test]
    public void Discover_ManifestIsAFolder_IsReported()
    {
        Directory.CreateDirectory(_temp.Combine("plugins", "odd", "plugin.json"));

        var error = _loader.Discover(_plugins, "1.0.0").Errors.Single();

        Assert.That(error.Errors.Single().Message, Does.Contain("plugin.json is a folder, not a file"));
    }

    [Test]
    public void Discover_ManifestIsADanglingLink_IsReportedAsUnreadable()
    {
        Directory.CreateDirectory(_temp.Combine("plugins", "dangling"));
        SymbolicLink.Create(_temp.Combine("plugins", "dangling", "plugin.json"), _temp.Combine("gone.json"), directory: false);

        var result = _loader.Discover(_plugins, "1.0.0");

        var error = result.Errors.Single();
        Assert.That(error.Path, Is.EqualTo(_temp.Combine("plugins", "dangling")));
        Assert.That(error.Errors.Single().Message, Does.StartWith("plugin.json could not be read:").And.Contain("Make sure the host's user can read the file"));
    }

    [Test]
    public void Discover_UnreadableManifest_IsReportedNotThrown()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            Assert.Ignore("File modes do not keep this user from reading a file; the dangling-link test covers the read failure.");
            return;
        }

        var path = _temp.WriteFile("plugins/locked/plugin.json", ManifestSamples.Seed);
        File.SetUnixFileMode(path, UnixFileMode.None);

        var error = _loader.Discover(_plugins, "1.0.0").Errors.Single();

        Assert.That(error.Errors.Single().Message, Does.StartWith("plugin.json could not be read:"));
    }

    [Test]
    public void Discover_EntryLinkedOutsideFolder_BecomesLoadError()
    {
        var secret = _temp.WriteFile("elsewhere/server.js", "// not the plugin's");
        _temp.WriteFile("plugins/escaper/plugin.json", """{"name":"escaper","version":"1.0.0","mcp":{"entry":"server.js"}}""");
        SymbolicLink.Create(_temp.Combine("plugins", "escaper", "server.js"), secret, directory: false);

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.That(result.Plugins, Is.Empty);
        var problem = result.Errors.Single().Errors.Single();
        Assert.That(problem.Path, Is.EqualTo("$.mcp.entry"));
        Assert.That(problem.Message, Does.Contain($"resolves through a symbolic link to '{secret}', outside the plugin's folder"));
    }

    [Test]
    public void Discover_PluginFolderThatIsALink_IsLoaded()
    {
        var real = _temp.Combine("checkouts", "linked");
        _temp.WriteFile("checkouts/linked/plugin.json", """{"name":"linked","version":"1.0.0","mcp":{"entry":"server/index.js"}}""");
        Directory.CreateDirectory(_plugins);
        SymbolicLink.Create(Path.Combine(_plugins, "linked"), real, directory: true);

        var result = _loader.Discover(_plugins, "1.0.0");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Plugins.Single().Manifest.Name, Is.EqualTo("linked"));
    }

    [Test]
    public void Discover_HostVersionNotSemVer_Throws()
    {
        Assert.That(() => _loader.Discover(_plugins, "1.0"), Throws.ArgumentException.With.Message.Contains("HostVersion"));
    }

    [Test]
    public void Discover_PluginsDirectoryIsAFile_ThrowsPluginExceptionNamingIt()
    {
        var file = _temp.WriteFile("not-a-folder", "x");

        Assert.That(() => _loader.Discover(file, "1.0.0"),
            Throws.InstanceOf<PluginException>().With.Message.Contains(file).And.Message.Contains("PluginRuntimeOptions.PluginsDirectory").And.InnerException.InstanceOf<IOException>());
    }

    [Test]
    public void Discover_500Plugins_FindsEveryOne()
    {
        const int count = 500;
        for (var i = 0; i < count; i++)
        {
            _temp.WriteFile($"plugins/plugin-{i:D4}/plugin.json", $$"""
                {
                  "name": "plugin-{{i:D4}}", "version": "1.{{i}}.0", "description": "Plugin number {{i}}",
                  "mcp": { "entry": "server/index.js", "tools": ["a", "b"], "env": { "LEVEL": "info" } },
                  "ui": { "tabs": [ { "id": "main", "label": "Main", "component": "ui/Main.js" } ] },
                  "settings": { "mode": { "type": "select", "options": ["fast", "safe"], "default": "safe" } },
                  "credentials": { "API_TOKEN": { "type": "secret", "required": true } }
                }
                """);
        }

        var stopwatch = Stopwatch.StartNew();
        var result = _loader.Discover(_plugins, "1.0.0");
        stopwatch.Stop();
        var again = Stopwatch.StartNew();
        _loader.Discover(_plugins, "1.0.0");
        again.Stop();

        TestContext.Progress.WriteLine($"Discovered {count} plugins in {stopwatch.Elapsed.TotalMilliseconds:F0} ms (first scan), {again.Elapsed.TotalMilliseconds:F0} ms (second scan)");
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Plugins, Has.Count.EqualTo(count));
        Assert.That(result.Plugins[^1].Manifest.Name, Is.EqualTo("plugin-0499"));
    }
}

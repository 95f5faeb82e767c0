using System.Text.Json;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Registry;

[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class SettingsTests(TestBackend backend)
{
    private const string Settings = """
        "settings": {
          "apiUrl":  { "type": "string",  "label": "API URL", "default": "https://api.example.com" },
          "limit":   { "type": "number",  "label": "Limit",   "default": 10 },
          "verbose": { "type": "boolean", "label": "Verbose", "default": false },
          "mode":    { "type": "select",  "label": "Mode",    "default": "fast", "options": ["fast", "safe"] },
          "note":    { "type": "string",  "label": "Note" }
        }
        """;

    private RuntimeHarness _harness = null!;
    private PluginRuntime _runtime = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = await RuntimeHarness.CreateAsync(backend);
        _harness.WriteSimplePlugin("alpha", extraMembers: Settings);
        _runtime = await _harness.StartAsync();
    }

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    private static Dictionary<string, JsonElement?> Values(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement?>>(json)!;

    [Test]
    public async Task GetSettingsAsync_NothingStored_ReturnsDefaultsWithDefinitions()
    {
        var settings = await _runtime.GetSettingsAsync("alpha");

        Assert.That(settings.Items.Select(s => s.Key), Is.EqualTo(new[] { "apiUrl", "limit", "verbose", "mode", "note" }));
        Assert.That(settings.Items.All(s => s.IsDefault), Is.True);
        Assert.That(settings.GetString("apiUrl"), Is.EqualTo("https://api.example.com"));
        Assert.That(settings.GetNumber("limit"), Is.EqualTo(10d));
        Assert.That(settings.GetBoolean("verbose"), Is.False);
        Assert.That(settings.GetString("mode"), Is.EqualTo("fast"));
        Assert.That(settings.GetString("note"), Is.Null);
        Assert.That(settings.Find("mode")!.Definition.Options, Is.EqualTo(new[] { "fast", "safe" }));
    }

    [Test]
    public async Task UpdateSettingsAsync_ValidValues_MergedAndPersisted()
    {
        await _runtime.UpdateSettingsAsync("alpha", Values("""{"limit": 25.5, "mode": "safe"}"""));
        await _runtime.UpdateSettingsAsync("alpha", Values("""{"verbose": true}"""));

        var settings = await _runtime.GetSettingsAsync("alpha");

        Assert.That(settings.GetNumber("limit"), Is.EqualTo(25.5));
        Assert.That(settings.GetString("mode"), Is.EqualTo("safe"));
        Assert.That(settings.GetBoolean("verbose"), Is.True);
        Assert.That(settings.Find("apiUrl")!.IsDefault, Is.True);
        Assert.That(settings.Find("limit")!.IsDefault, Is.False);
    }

    [Test]
    public async Task UpdateSettingsAsync_NullValue_ResetsToDefault()
    {
        await _runtime.UpdateSettingsAsync("alpha", Values("""{"limit": 99}"""));

        var settings = await _runtime.UpdateSettingsAsync("alpha", Values("""{"limit": null}"""));

        Assert.That(settings.GetNumber("limit"), Is.EqualTo(10d));
        Assert.That(settings.Find("limit")!.IsDefault, Is.True);
    }

    [TestCase("""{"apiUrl": 5}""", "apiUrl", "expected a string, got the number 5")]
    [TestCase("""{"limit": "ten"}""", "limit", "expected a number, got the string \"ten\"")]
    [TestCase("""{"verbose": "yes"}""", "verbose", "expected true or false")]
    [TestCase("""{"mode": "turbo"}""", "mode", "expected one of \"fast\", \"safe\", got the string \"turbo\"")]
    [TestCase("""{"mode": 1}""", "mode", "expected one of")]
    [TestCase("""{"colour": "red"}""", "colour", "declares no setting 'colour'")]
    public async Task UpdateSettingsAsync_BadValue_ThrowsNamingKeyAndWritesNothing(string json, string key, string message)
    {
        var error = Assert.ThrowsAsync<PluginValidationException>(() => _runtime.UpdateSettingsAsync("alpha", Values(json)));

        Assert.That(error!.Problems.Single().Path, Is.EqualTo(key));
        Assert.That(error.Problems.Single().Message, Does.Contain(message));
        Assert.That(error.PluginName, Is.EqualTo("alpha"));
        Assert.That((await _runtime.GetSettingsAsync("alpha")).Items.All(s => s.IsDefault), Is.True);
    }

    [Test]
    public async Task UpdateSettingsAsync_OneBadAmongGood_WritesNothingAndReportsEveryBadKey()
    {
        var error = Assert.ThrowsAsync<PluginValidationException>(() =>
            _runtime.UpdateSettingsAsync("alpha", Values("""{"limit": 3, "mode": "x", "verbose": 1, "unknown": true}""")));

        Assert.That(error!.Problems.Select(p => p.Path), Is.EquivalentTo(new[] { "mode", "verbose", "unknown" }));
        Assert.That(error.Message, Does.Contain("nothing was changed"));
        Assert.That((await _runtime.GetSettingsAsync("alpha")).GetNumber("limit"), Is.EqualTo(10d));
    }

    [Test]
    public async Task GetSettingsAsync_StoredValueNoLongerFitsChangedManifest_FallsBackAndReportsProblem()
    {
        await _runtime.UpdateSettingsAsync("alpha", Values("""{"mode": "safe"}"""));
        _harness.WriteSimplePlugin("alpha", "1.1.0", """
            "settings": { "mode": { "type": "select", "label": "Mode", "default": "fast", "options": ["fast", "turbo"] } }
            """);

        await _runtime.ReloadAsync();

        var settings = await _runtime.GetSettingsAsync("alpha");
        Assert.That(settings.GetString("mode"), Is.EqualTo("fast"));
        Assert.That(settings.Find("mode")!.IsDefault, Is.True);
        var problem = _runtime.GetPlugin("alpha").Problems.Single();
        Assert.That(problem.Path, Is.EqualTo("settings.mode"));
        Assert.That(problem.Message, Does.Contain("no longer fits"));
        Assert.That(_runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.Enabled));
    }

    [Test]
    public async Task PluginSettings_ReadWithWrongType_ThrowsNamingKeyAndType()
    {
        var settings = await _runtime.GetSettingsAsync("alpha");

        Assert.That(() => settings.GetNumber("apiUrl"), Throws.InstanceOf<PluginException>().With.Message.Contains("'apiUrl'").And.Message.Contains("'string'"));
        Assert.That(() => settings.GetString("nope"), Throws.InstanceOf<PluginException>().With.Message.Contains("declares no setting 'nope'"));
    }

    [Test]
    public async Task UpdateSettingsAsync_SeenByAnotherRuntimeOnTheSameDatabase()
    {
        var other = await _harness.StartAsync();

        await _runtime.UpdateSettingsAsync("alpha", Values("""{"limit": 7}"""));

        Assert.That((await other.GetSettingsAsync("alpha")).GetNumber("limit"), Is.EqualTo(7d));
    }
}

using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Manifest;

/// <summary>docs/plugin.schema.json agrees with the validator: every valid sample passes it, and it knows every member of the model.</summary>
[TestFixture]
public sealed class PluginManifestSchemaTests
{
    private string _docs = null!;
    private JsonDocument _schema = null!;

    [OneTimeSetUp]
    public void LoadSchema()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BotHq.Plugins.sln")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root (with BotHq.Plugins.sln) was not found above the test directory");
        _docs = Path.Combine(directory!.FullName, "docs");
        _schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(_docs, "plugin.schema.json")));
    }

    [OneTimeTearDown]
    public void DisposeSchema() => _schema.Dispose();

    [Test]
    public void Schema_IsDraft202012RequiringNameAndVersion()
    {
        var root = _schema.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("$schema").GetString(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
            Assert.That(root.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "name", "version" }));
        });
    }

    [TestCaseSource(typeof(ManifestSamples), nameof(ManifestSamples.All))]
    public void Schema_ValidSample_HasEveryRequiredMember(string json)
    {
        using var sample = JsonDocument.Parse(json);

        foreach (var required in _schema.RootElement.GetProperty("required").EnumerateArray())
        {
            Assert.That(sample.RootElement.TryGetProperty(required.GetString()!, out var member) && member.ValueKind == JsonValueKind.String, Is.True,
                $"the sample lacks the required string member '{required.GetString()}'");
        }
    }

    [TestCaseSource(typeof(ManifestSamples), nameof(ManifestSamples.All))]
    public void Schema_ValidSample_PassesTheSchema(string json)
    {
        using var sample = JsonDocument.Parse(json);

        Assert.That(new SchemaSubsetValidator(_schema.RootElement).Validate(sample.RootElement), Is.Empty);
    }

    [Test]
    public void Docs_EveryJsonExampleInTheReference_IsValidAndPassesTheSchema()
    {
        var markdown = File.ReadAllText(Path.Combine(_docs, "manifest.md"));
        var examples = Regex.Matches(markdown, "```json\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        using var temp = new TempDirectory("docs");

        Assert.That(examples, Has.Count.GreaterThanOrEqualTo(2));
        foreach (var example in examples)
        {
            using var document = JsonDocument.Parse(example);
            Assert.That(new ManifestValidator("1.0.0").Validate(example, temp.Path).Problems, Is.Empty, example);
            Assert.That(new SchemaSubsetValidator(_schema.RootElement).Validate(document.RootElement), Is.Empty, example);
        }
    }

    [TestCase("{'version': '1.0.0'}", "$: required name")]
    [TestCase("{'name': 'My_Plugin', 'version': '1.0.0'}", "$.name: pattern")]
    [TestCase("{'name': 'a', 'version': '1.0'}", "$.version: pattern")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'command': 'node'}}", "$.mcp: anyOf")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': '../s.js'}}", "$.mcp: anyOf")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'approval': 'all'}}", "$.mcp: anyOf")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'approval': ['x', '*']}}", "$.mcp: anyOf")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'extensions': '/abs/x.dll'}", "$.extensions: anyOf")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'Path': {'type': 'secret'}}}", "$.credentials.Path (name): not")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'T': {'type': 'password'}}}", "$.credentials.T.type: const")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'s': {'type': 'select'}}}", "$.settings.s: required options")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'s': {'type': 'number', 'default': '5'}}}", "$.settings.s.default: type")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': {'tabs': [{'id': 't', 'label': 'T'}]}}", "$.ui.tabs[0]: required component")]
    public void Schema_InvalidManifest_IsRejectedToo(string json, string failure)
    {
        using var sample = JsonDocument.Parse(json.Replace('\'', '"'));

        Assert.That(new SchemaSubsetValidator(_schema.RootElement).Validate(sample.RootElement), Does.Contain(failure));
    }

    [Test]
    public void Schema_EveryReservedVariableName_IsRejectedInAnyCase()
    {
        var names = ReservedEnvironmentVariables.Names.SelectMany(n => new[] { n, n.ToLowerInvariant() })
            .Concat(ReservedEnvironmentVariables.Prefixes.Select(p => p + "X"));

        foreach (var name in names)
        {
            using var sample = JsonDocument.Parse("{\"name\": \"a\", \"version\": \"1.0.0\", \"credentials\": {\"" + name + "\": {\"type\": \"secret\"}}}");
            Assert.That(new SchemaSubsetValidator(_schema.RootElement).Validate(sample.RootElement), Does.Contain($"$.credentials.{name} (name): not"), name);
        }
    }

    [Test]
    public void Schema_UsesOnlyKeywordsTheTestUnderstands()
    {
        var unknown = new List<string>();
        CollectKeywords(_schema.RootElement, unknown);

        Assert.That(unknown, Is.Empty);
    }

    [Test]
    public void Schema_DeclaresEveryMemberOfTheModel()
    {
        var root = _schema.RootElement;
        var defs = root.GetProperty("$defs");
        var ui = root.GetProperty("properties").GetProperty("ui");
        var context = ManifestJsonContext.Default;

        Assert.Multiple(() =>
        {
            AssertDeclares(root, context.PluginManifest);
            AssertDeclares(root.GetProperty("properties").GetProperty("author"), context.PluginAuthor);
            AssertDeclares(root.GetProperty("properties").GetProperty("bot-hq"), context.PluginHostRequirements);
            AssertDeclares(defs.GetProperty("mcp"), context.PluginMcpManifest);
            AssertDeclares(ui, context.PluginUiManifest);
            AssertDeclares(ui.GetProperty("properties").GetProperty("tabs").GetProperty("items"), context.PluginUiTab);
            AssertDeclares(defs.GetProperty("setting"), context.PluginSettingDefinition);
            AssertDeclares(defs.GetProperty("credential"), context.PluginCredentialDefinition);
        });
    }

    private static void AssertDeclares(JsonElement schema, JsonTypeInfo model)
    {
        var declared = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(declared, Is.EquivalentTo(model.Properties.Select(p => p.Name)), model.Type.Name);
    }

    private static void CollectKeywords(JsonElement schema, List<string> unknown)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!SchemaSubsetValidator.KnownKeywords.Contains(keyword.Name))
            {
                unknown.Add(keyword.Name);
            }

            switch (keyword.Name)
            {
                case "properties" or "$defs":
                    foreach (var sub in keyword.Value.EnumerateObject())
                    {
                        CollectKeywords(sub.Value, unknown);
                    }

                    break;
                case "allOf" or "anyOf" or "oneOf":
                    foreach (var sub in keyword.Value.EnumerateArray())
                    {
                        CollectKeywords(sub, unknown);
                    }

                    break;
                case "items" or "additionalProperties" or "propertyNames" or "not" or "if" or "then" or "else":
                    CollectKeywords(keyword.Value, unknown);
                    break;
            }
        }
    }
}

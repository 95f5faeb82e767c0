using System.Text;
using System.Text.Json;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Manifest;

/// <summary>Every validation rule of plugin.json, one case each; the path rules that need a real file system are in the Paths partial.</summary>
[TestFixture]
public sealed partial class ManifestValidatorTests
{
    private TempDirectory _temp = null!;
    private string _pluginDirectory = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory("manifest");
        _pluginDirectory = _temp.Combine("plugins", "my-plugin");
        Directory.CreateDirectory(_pluginDirectory);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [TestCaseSource(typeof(ManifestSamples), nameof(ManifestSamples.All))]
    public void Validate_ValidSample_HasNoProblems(string json)
    {
        var result = Validate(json);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty);
            Assert.That(result.IsValid, Is.True);
            Assert.That(result.Incompatible, Is.False);
            Assert.That(result.Manifest!.Name, Is.EqualTo(result.Name));
        });
    }

    [Test]
    public void Validate_SeedManifest_ReadsItsMembers()
    {
        var manifest = Validate(ManifestSamples.Seed).Manifest!;

        Assert.Multiple(() =>
        {
            Assert.That(manifest.Name, Is.EqualTo("test-plugin"));
            Assert.That(manifest.Version, Is.EqualTo("1.0.0"));
            Assert.That(manifest.Description, Is.EqualTo("Test plugin for development"));
            Assert.That(manifest.Mcp, Is.Null);
            Assert.That(manifest.Ui, Is.Null);
        });
    }

    [Test]
    public void Validate_FullManifest_ReadsEveryMember()
    {
        var manifest = Validate(ManifestSamples.Full).Manifest!;

        Assert.Multiple(() =>
        {
            Assert.That(manifest.Author!.Url, Is.EqualTo("https://example.com/ada"));
            Assert.That(manifest.BotHq!.MinVersion, Is.EqualTo("1.0.0"));
            Assert.That(manifest.Mcp!.Entry, Is.EqualTo("server/index.js"));
            Assert.That(manifest.Mcp.Tools, Is.EqualTo(new[] { "search_issues", "create_issue" }));
            Assert.That(manifest.Mcp.Approval, Is.EqualTo(new[] { "create_issue" }));
            Assert.That(manifest.Mcp.Env!["LOG_LEVEL"], Is.EqualTo("info"));
            Assert.That(manifest.Extensions, Is.EqualTo("bin/GithubIssues.dll"));
            Assert.That(manifest.Ui!.Tabs!.Select(t => t.Id), Is.EqualTo(new[] { "issues", "pulls" }));
            Assert.That(manifest.Ui.TaskActions, Is.EqualTo("ui/nested/../TaskActions.js"));
            Assert.That(manifest.Settings!.Keys, Is.EqualTo(new[] { "apiUrl", "pageSize", "includeClosed", "sort", "notes" }), "settings keep manifest order");
            Assert.That(manifest.Settings["pageSize"].Default!.Value.GetInt32(), Is.EqualTo(50));
            Assert.That(manifest.Settings["sort"].Options, Is.EqualTo(new[] { "created", "updated" }));
            Assert.That(manifest.Settings["notes"].Default, Is.Null);
            Assert.That(manifest.Credentials!["GITHUB_TOKEN"].Required, Is.True);
            Assert.That(manifest.Credentials["webhook_secret"].Required, Is.False);
            Assert.That(manifest.Permissions, Is.EqualTo(new[] { "network", "tasks:create" }));
        });
    }

    [Test]
    public void Validate_UnknownMembersAndNulls_AreIgnored()
    {
        var result = Validate(ManifestSamples.CommandServer);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty);
            Assert.That(result.Manifest!.Description, Is.Null);
            Assert.That(result.Manifest.Mcp!.Command, Is.EqualTo("python3"));
            Assert.That(result.Manifest.Mcp.Args, Is.EqualTo(new[] { "-m", "py_tools" }));
            Assert.That(result.Manifest.Settings!["prefix"].Default, Is.Null);
            Assert.That(result.Manifest.Settings["prefix"].Options, Is.Null);
            Assert.That(result.Manifest.Ui, Is.Null);
        });
    }

    // Document-level rules.
    [TestCase("", "", "plugin.json is empty")]
    [TestCase("  \n\t ", "", "plugin.json is empty")]
    [TestCase("\u00a0\u2028 \u3000", "", "plugin.json is empty")]
    [TestCase("{'name': 'a', 'version': '1.0.0',}", "", "not valid JSON at line 1, position 34")]
    [TestCase("{\n  'name': 'a'\n  'version': '1.0.0'\n}", "", "not valid JSON at line 3, position 3")]
    [TestCase("{'name': 'a'", "", "not valid JSON")]
    [TestCase("['name', 'version']", "$", "must hold a JSON object, not an array")]
    [TestCase("'my-plugin'", "$", "must hold a JSON object, not a string")]
    [TestCase("null", "$", "must hold a JSON object, not null")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'name': 'b'}", "$.name", "declared more than once")]
    // name
    [TestCase("{'version': '1.0.0'}", "$.name", "is required")]
    [TestCase("{'name': null, 'version': '1.0.0'}", "$.name", "is required")]
    [TestCase("{'name': 42, 'version': '1.0.0'}", "$.name", "must be a string, such as \"my-plugin\", not the number 42")]
    [TestCase("{'name': 'My-Plugin', 'version': '1.0.0'}", "$.name", "'My-Plugin' is not a valid plugin name: use lowercase letters")]
    [TestCase("{'name': 'my_plugin', 'version': '1.0.0'}", "$.name", "is not a valid plugin name")]
    [TestCase("{'name': 'my--plugin', 'version': '1.0.0'}", "$.name", "never two in a row")]
    [TestCase("{'name': '-my-plugin', 'version': '1.0.0'}", "$.name", "is not a valid plugin name")]
    [TestCase("{'name': 'my-plugin-', 'version': '1.0.0'}", "$.name", "is not a valid plugin name")]
    [TestCase("{'name': '', 'version': '1.0.0'}", "$.name", "is not a valid plugin name")]
    [TestCase("{'name': 'my-plugin\\n', 'version': '1.0.0'}", "$.name", "is not a valid plugin name")]
    [TestCase("{'name': 'my plugin', 'version': '1.0.0'}", "$.name", "is not a valid plugin name")]
    // version
    [TestCase("{'name': 'a'}", "$.version", "is required: add the plugin's SemVer 2.0 version")]
    [TestCase("{'name': 'a', 'version': 1}", "$.version", "must be a string holding a SemVer 2.0 version")]
    [TestCase("{'name': 'a', 'version': '1.0'}", "$.version", "'1.0' is not a SemVer 2.0 version")]
    [TestCase("{'name': 'a', 'version': 'v1.0.0'}", "$.version", "Leading 'v'")]
    [TestCase("{'name': 'a', 'version': '01.0.0'}", "$.version", "leading zero")]
    [TestCase("{'name': 'a', 'version': '1.0.0.0'}", "$.version", "is not a SemVer 2.0 version")]
    [TestCase("{'name': 'a', 'version': 'latest'}", "$.version", "is not a SemVer 2.0 version")]
    // bot-hq
    [TestCase("{'name': 'a', 'version': '1.0.0', 'bot-hq': {'minVersion': '2'}}", "$.bot-hq.minVersion", "'2' is not a SemVer 2.0 version")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'bot-hq': {'minVersion': 2}}", "$.bot-hq.minVersion", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'bot-hq': '1.0.0'}", "$.bot-hq", "must be an object")]
    // mcp
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {}}", "$.mcp", "needs \"entry\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'args': ['x']}}", "$.mcp", "\"command\" (a program to run")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'command': 'node'}}", "$.mcp", "has more than one of \"entry\", \"command\" and \"url\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': 'server.js'}", "$.mcp", "must be an object")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'transport': 'http'}}", "$.mcp.transport", "is \"http\" but there is no \"url\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'transport': 'STDIO'}}", "$.mcp.transport", "'STDIO' is not a transport")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 5}}", "$.mcp.entry", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': ''}}", "$.mcp.entry", "must not be empty")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'command': ' '}}", "$.mcp.command", "must not be empty")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'command': 'node', 'args': ['s.js', 8080]}}", "$.mcp.args[1]", "must be a string, not the number 8080")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'command': 'node', 'args': 's.js'}}", "$.mcp.args", "must be an array")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'tools': 'search'}}", "$.mcp.tools", "must be an array")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'tools': ['search', '']}}", "$.mcp.tools[1]", "must not be empty")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'tools': [{'name': 'search'}]}}", "$.mcp.tools[0]", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'tools': ['search', 'search']}}", "$.mcp.tools[1]", "'search' is listed more than once")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'approval': 'all'}}", "$.mcp.approval", "'all' is not \"*\"; list the tools that need approval in an array")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'approval': true}}", "$.mcp.approval", "must be \"*\" (every tool) or an array of tool names, such as [\"delete_issue\"], not true")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'approval': ['delete', '']}}", "$.mcp.approval[1]", "must not be empty")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'approval': ['delete', 7]}}", "$.mcp.approval[1]", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'approval': ['delete', 'delete']}}", "$.mcp.approval[1]", "'delete' is listed more than once")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'approval': ['delete', '*']}}", "$.mcp.approval[1]", "\"*\" cannot stand among tool names; to require approval for every tool write \"approval\": \"*\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'tools': ['search', 'delete_issue'], 'approval': ['delete_isue']}}", "$.mcp.approval[0]", "'delete_isue' is not in \"tools\", so it can never be called; correct the name (names are case-sensitive) or add it to \"tools\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'tools': ['Search'], 'approval': ['search']}}", "$.mcp.approval[0]", "'search' is not in \"tools\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'env': ['A=1']}}", "$.mcp.env", "must be an object")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'env': {'PORT': 8080}}}", "$.mcp.env.PORT", "must be a string, not the number 8080")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'env': {'LOG-LEVEL': 'x'}}}", "$.mcp.env.LOG-LEVEL", "not a valid environment variable name")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'env': {'1X': 'x'}}}", "$.mcp.env.1X", "not starting with a digit")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'env': {'': 'x'}}}", "$.mcp.env['']", "not a valid environment variable name")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'env': {'Path': '/bin'}}}", "$.mcp.env.Path", "already inherits from the host")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'env': {'LD_PRELOAD': 'x.so'}}}", "$.mcp.env.LD_PRELOAD", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'env': {'LOG': 'a', 'log': 'b'}}}", "$.mcp.env.log", "differs from the mcp.env key 'LOG' only in letter case")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'env': {'TOKEN': 'x'}}, 'credentials': {'token': {'type': 'secret'}}}", "$.mcp.env.TOKEN", "also declared as the credential 'token'")]
    // extensions, ui
    [TestCase("{'name': 'a', 'version': '1.0.0', 'extensions': ['a.dll']}", "$.extensions", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': []}", "$.ui", "must be an object")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': {'tabs': {'id': 'x'}}}", "$.ui.tabs", "must be an array")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': {'tabs': ['Issues']}}", "$.ui.tabs[0]", "must be an object")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': {'tabs': [{'label': 'L', 'component': 'c.js'}]}}", "$.ui.tabs[0].id", "is required: a tab needs an id")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': {'tabs': [{'id': '', 'label': 'L', 'component': 'c.js'}]}}", "$.ui.tabs[0].id", "must not be empty")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': {'tabs': [{'id': 'x', 'component': 'c.js'}]}}", "$.ui.tabs[0].label", "is required")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': {'tabs': [{'id': 'x', 'label': 'L'}]}}", "$.ui.tabs[0].component", "is required: a tab needs the component")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': {'tabs': [{'id': 'x', 'label': 'L', 'component': 'c.js', 'icon': 1}]}}", "$.ui.tabs[0].icon", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'ui': {'tabs': [{'id': 'x', 'label': 'L', 'component': 'a.js'}, {'id': 'y', 'label': 'M', 'component': 'b.js'}, {'id': 'x', 'label': 'N', 'component': 'c.js'}]}}", "$.ui.tabs[2].id", "'x' is already the id of tab 0")]
    // settings
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': [{'type': 'string'}]}", "$.settings", "must be an object")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'apiUrl': 'https://x'}}", "$.settings.apiUrl", "must be an object")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'apiUrl': {'label': 'API'}}}", "$.settings.apiUrl.type", "is required")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'color': {'type': 'color'}}}", "$.settings.color.type", "'color' is not a setting type; use one of \"string\", \"number\", \"boolean\" or \"select\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'a.b': {'type': 'text'}}}", "$.settings['a.b'].type", "is not a setting type")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'': {'type': 'string'}}}", "$.settings['']", "non-empty key")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'x': {'type': 'string', 'label': 5}}}", "$.settings.x.label", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'x': {'type': 'string', 'description': true}}}", "$.settings.x.description", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'level': {'type': 'select'}}}", "$.settings.level.options", "is required: a \"select\" setting needs the allowed values")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'level': {'type': 'select', 'options': []}}}", "$.settings.level.options", "must list at least one allowed value")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'level': {'type': 'select', 'options': 'low,high'}}}", "$.settings.level.options", "must be an array")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'level': {'type': 'select', 'options': ['low', 2]}}}", "$.settings.level.options[1]", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'level': {'type': 'select', 'options': ['low', 'low']}}}", "$.settings.level.options[1]", "listed more than once")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'name': {'type': 'string', 'options': ['a']}}}", "$.settings.name.options", "only a \"select\" setting has options")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'apiUrl': {'type': 'string', 'default': 5}}}", "$.settings.apiUrl.default", "is the number 5, but the default of a \"string\" setting must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'limit': {'type': 'number', 'default': '10'}}}", "$.settings.limit.default", "is the string '10', but the default of a \"number\" setting must be a number")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'limit': {'type': 'number', 'default': -1e999}}}", "$.settings.limit.default", "is the number -1e999, beyond the largest number a setting holds")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'on': {'type': 'boolean', 'default': 'true'}}}", "$.settings.on.default", "must be true or false")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'on': {'type': 'boolean', 'default': 0}}}", "$.settings.on.default", "must be true or false")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'level': {'type': 'select', 'options': ['low', 'high'], 'default': 'medium'}}}", "$.settings.level.default", "'medium' is not one of the options ('low', 'high')")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'settings': {'level': {'type': 'select', 'options': ['1', '2'], 'default': 1}}}", "$.settings.level.default", "must be one of its options, as a string")]
    // credentials
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': ['GITHUB_TOKEN']}", "$.credentials", "must be an object")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'GITHUB_TOKEN': 'secret'}}", "$.credentials.GITHUB_TOKEN", "must be an object")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'GITHUB_TOKEN': {'type': 'password'}}}", "$.credentials.GITHUB_TOKEN.type", "'password' is not a credential type; the only one is \"secret\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'GITHUB_TOKEN': {'label': 'Token'}}}", "$.credentials.GITHUB_TOKEN.type", "is required")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'GITHUB_TOKEN': {'type': 'secret', 'required': 'yes'}}}", "$.credentials.GITHUB_TOKEN.required", "must be true or false")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'GITHUB_TOKEN': {'type': 'secret', 'required': null}}}", "$.credentials.GITHUB_TOKEN.required", "must be true or false (without quotes), not null")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'GITHUB_TOKEN': {'type': 'secret', 'label': ['x']}}}", "$.credentials.GITHUB_TOKEN.label", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'github-token': {'type': 'secret'}}}", "$.credentials.github-token", "'github-token' is not a valid environment variable name")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'9TOKEN': {'type': 'secret'}}}", "$.credentials.9TOKEN", "not a valid environment variable name")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'MY TOKEN': {'type': 'secret'}}}", "$.credentials['MY TOKEN']", "not a valid environment variable name")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'PATH': {'type': 'secret'}}}", "$.credentials.PATH", "'PATH' is a variable the MCP server already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'home': {'type': 'secret'}}}", "$.credentials.home", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'USER': {'type': 'secret'}}}", "$.credentials.USER", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'Lang': {'type': 'secret'}}}", "$.credentials.Lang", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'TMPDIR': {'type': 'secret'}}}", "$.credentials.TMPDIR", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'temp': {'type': 'secret'}}}", "$.credentials.temp", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'TMP': {'type': 'secret'}}}", "$.credentials.TMP", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'USERNAME': {'type': 'secret'}}}", "$.credentials.USERNAME", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'command': 'node', 'env': {'PathExt': '.JS'}}}", "$.mcp.env.PathExt", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'SYSTEMROOT': {'type': 'secret'}}}", "$.credentials.SYSTEMROOT", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'SHELL': {'type': 'secret'}}}", "$.credentials.SHELL", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'PWD': {'type': 'secret'}}}", "$.credentials.PWD", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'ld_library_path': {'type': 'secret'}}}", "$.credentials.ld_library_path", "any starting with LD_ or DYLD_")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'DYLD_INSERT_LIBRARIES': {'type': 'secret'}}}", "$.credentials.DYLD_INSERT_LIBRARIES", "already inherits")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'TOKEN': {'type': 'secret'}, 'Token': {'type': 'secret'}}}", "$.credentials.Token", "differs from the credential 'TOKEN' only in letter case")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'credentials': {'TOKEN': {'type': 'secret'}, 'TOKEN': {'type': 'secret'}}}", "$.credentials.TOKEN", "declared more than once")]
    // other members
    [TestCase("{'name': 'a', 'version': '1.0.0', 'permissions': 'network'}", "$.permissions", "must be an array")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'permissions': ['network', 7]}", "$.permissions[1]", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'permissions': ['']}", "$.permissions[0]", "must not be empty")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'author': 'Ada <ada@example.com>'}", "$.author", "must be an object, such as {\"name\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'author': {'url': 5}}", "$.author.url", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'description': ['x']}", "$.description", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'repository': {'url': 'x'}}", "$.repository", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'license': 1}", "$.license", "must be a string")]
    public void Validate_RuleBroken_ReportsPathAndMessage(string json, string path, string message)
    {
        var result = Validate(Json(json));

        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Manifest, Is.Null);
            Assert.That(result.Problems, Has.Some.Matches<PluginProblem>(p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal)),
                () => "problems were: " + Describe(result.Problems));
        });
    }

    [Test]
    public void Validate_NameOf64Characters_IsValid()
    {
        var name = string.Concat(Enumerable.Repeat("abcd-efg", 8));
        Assert.That(name, Has.Length.EqualTo(64));

        Assert.That(Validate(Json($"{{'name': '{name}', 'version': '1.0.0'}}")).Problems, Is.Empty);
    }

    [Test]
    public void Validate_NameOver64Characters_ReportsLength()
    {
        var name = new string('a', 65);

        var result = Validate(Json($"{{'name': '{name}', 'version': '1.0.0'}}"));

        Assert.That(result.Problems, Is.EqualTo(new[] { new PluginProblem("$.name", "is 65 characters long; a plugin name may have at most 64. Shorten it.") }));
    }

    [Test]
    public void Validate_ManifestOver1MiB_ReportsSize()
    {
        var json = Json($"{{'name': 'a', 'version': '1.0.0', 'description': '{new string('x', ManifestValidator.MaxManifestBytes)}'}}");

        var result = Validate(json);

        Assert.That(result.Problems, Has.Count.EqualTo(1));
        Assert.That(result.Problems[0].Message, Does.Contain("over the limit of 1048576 bytes (1 MiB)"));
    }

    [Test]
    public void Validate_ManifestOfExactly1MiB_IsNotRefusedForSize()
    {
        var skeleton = Json("{'name': 'a', 'version': '1.0.0', 'description': ''}");
        var json = skeleton.Insert(skeleton.Length - 2, new string('x', ManifestValidator.MaxManifestBytes - skeleton.Length));

        Assert.That(Validate(json).Problems, Is.Empty);
    }

    [Test]
    public void Validate_ByteOrderMark_IsAccepted()
    {
        Assert.That(Validate("\uFEFF" + ManifestSamples.Seed).Problems, Is.Empty);
    }

    [Test]
    public void Validate_OnlyAByteOrderMark_IsEmpty()
    {
        Assert.That(Validate("\uFEFF\n").Problems.Single().Message, Does.StartWith("plugin.json is empty"));
    }

    [Test]
    public void Validate_BytesNotUtf8InAValueOrAMemberName_ReportsWhichBytesAndWhereInsteadOfThrowing()
    {
        var validator = new ManifestValidator("1.0.0");
        byte[] inValue = [.. Encoding.ASCII.GetBytes("{\"name\":\"latin1\",\"version\":\"1.0.0\",\"description\":\"caf"), 0xE9, .. Encoding.ASCII.GetBytes("\"}")];
        byte[] inName = [.. Encoding.ASCII.GetBytes("{\"name\":\"latin1\",\"version\":\"1.0.0\",\"k"), 0xE9, .. Encoding.ASCII.GetBytes("y\":1}")];

        var problems = new[] { inValue, inName }.Select(bytes => validator.Validate(bytes, _pluginDirectory).Problems.Single()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(problems[0].Message, Does.StartWith("plugin.json is not valid UTF-8 text (the bytes [E9] at byte 53 are not UTF-8").And.EndWith("save it with UTF-8 encoding."));
            Assert.That(problems[1].Message, Does.Contain("the bytes [E9] at byte 37 are not UTF-8"));
        });
    }

    [Test]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var json = Json("""
            {
              'name': 'Bad Name',
              'version': '1',
              'bot-hq': { 'minVersion': 'next' },
              'mcp': { 'entry': '../outside.js', 'transport': 'websocket', 'env': { 'HOME': '/tmp' } },
              'extensions': '/usr/lib/evil.dll',
              'ui': { 'tabs': [ { 'id': 't', 'label': 'T', 'component': '../../tab.js' } ], 'taskBadge': 'C:/badge.js' },
              'settings': { 'level': { 'type': 'select', 'options': ['a'], 'default': 'b' }, 'n': { 'type': 'integer' } },
              'credentials': { 'PATH': { 'type': 'secret' }, 'API_KEY': { 'type': 'token' } },
              'permissions': [1]
            }
            """);

        var result = Validate(json);

        Assert.That(result.Problems.Select(p => p.Path), Is.EquivalentTo(new[]
        {
            "$.name", "$.version", "$.bot-hq.minVersion", "$.mcp.entry", "$.mcp.transport", "$.mcp.env.HOME", "$.extensions",
            "$.ui.tabs[0].component", "$.ui.taskBadge", "$.settings.level.default", "$.settings.n.type",
            "$.credentials.PATH", "$.credentials.API_KEY.type", "$.permissions[0]",
        }), () => Describe(result.Problems));
        Assert.That(result.Name, Is.EqualTo("Bad Name"), "the name is kept for the load error even when invalid");
    }

    [TestCase("1.0.0", "1.0.0", false)]
    [TestCase("2.0.0", "1.5.0", false)]
    [TestCase("1.0.0", "1.0.0-beta.2", false)]
    [TestCase("1.0.0-beta.1", "1.0.0", true)]
    [TestCase("1.0.0", "1.0.1", true)]
    [TestCase("1.9.9", "2.0.0", true)]
    [TestCase("1.0.0+build.1", "1.0.0+build.2", false)]
    public void Validate_MinVersion_ComparesWithHostVersion(string hostVersion, string minVersion, bool incompatible)
    {
        var result = Validate(Json($"{{'name': 'a', 'version': '1.0.0', 'bot-hq': {{'minVersion': '{minVersion}'}}}}"), hostVersion);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.True, "an incompatible plugin is still valid");
            Assert.That(result.Incompatible, Is.EqualTo(incompatible));
            Assert.That(result.Problems, Has.Count.EqualTo(incompatible ? 1 : 0));
        });
    }

    [Test]
    public void Validate_MinVersionAboveHost_ProblemNamesBothVersions()
    {
        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'bot-hq': {'minVersion': '3.2.0'}}"), "2.5.1");

        Assert.That(result.Manifest, Is.Not.Null);
        Assert.That(result.Incompatible, Is.True);
        Assert.That(result.Problems, Has.Count.EqualTo(1));
        Assert.That(result.Problems[0].Path, Is.EqualTo("$.bot-hq.minVersion"));
        Assert.That(result.Problems[0].Message, Does.Contain("needs host version 3.2.0 or newer, but this host is 2.5.1"));
    }

    [Test]
    public void Validate_InvalidAndIncompatible_ReportsBoth()
    {
        var result = Validate(Json("{'name': 'a', 'version': 'x', 'bot-hq': {'minVersion': '9.0.0'}}"));

        Assert.Multiple(() =>
        {
            Assert.That(result.IsValid, Is.False);
            Assert.That(result.Incompatible, Is.True);
            Assert.That(result.Problems.Select(p => p.Path), Is.EqualTo(new[] { "$.version", "$.bot-hq.minVersion" }));
        });
    }

    [TestCase("1.0")]
    [TestCase("v1.0.0")]
    [TestCase("")]
    public void Constructor_HostVersionNotSemVer_Throws(string hostVersion)
    {
        Assert.That(() => new ManifestValidator(hostVersion),
            Throws.ArgumentException.With.Message.Contains("PluginRuntimeOptions.HostVersion"));
    }

    /// <summary>Validates the text, and its UTF-8 bytes as the loader passes them, and checks that both overloads agree.</summary>
    private ManifestValidationResult Validate(string json, string hostVersion = "1.0.0")
    {
        var validator = new ManifestValidator(hostVersion);
        var fromText = validator.Validate(json, _pluginDirectory);
        var fromBytes = validator.Validate(Encoding.UTF8.GetBytes(json), _pluginDirectory);
        Assert.Multiple(() =>
        {
            Assert.That(Describe(fromBytes.Problems), Is.EqualTo(Describe(fromText.Problems)), "the bytes overload's problems");
            Assert.That(fromBytes.Name, Is.EqualTo(fromText.Name), "the bytes overload's name");
            Assert.That(fromBytes.Incompatible, Is.EqualTo(fromText.Incompatible), "the bytes overload's incompatibility");
            Assert.That(Serialize(fromBytes.Manifest), Is.EqualTo(Serialize(fromText.Manifest)), "the bytes overload's manifest");
        });
        return fromText;
    }

    private static string? Serialize(PluginManifest? manifest) =>
        manifest is null ? null : JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.PluginManifest);

    /// <summary>Test manifests are written with single quotes, for readability in attributes; none contains an apostrophe.</summary>
    private static string Json(string singleQuoted) => singleQuoted.Replace('\'', '"');

    private static string Describe(IEnumerable<PluginProblem> problems) =>
        string.Join(Environment.NewLine, problems.Select(p => $"{p.Path}: {p.Message}"));
}

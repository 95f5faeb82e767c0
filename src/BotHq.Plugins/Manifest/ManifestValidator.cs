using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Semver;

namespace BotHq.Plugins.Manifest;

/// <summary>Validates a plugin.json and reads it into a <see cref="PluginManifest"/>, reporting every problem at once.</summary>
/// <remarks>
/// The JSON's shape is checked on a <see cref="JsonDocument"/> before anything is deserialized, so a member of the wrong kind
/// becomes a <see cref="PluginProblem"/> with its JSON path (for example <c>$.mcp.entry</c>), never a <see cref="JsonException"/>.
/// Each message says what is wrong and how to fix it. Thread-safe: one instance serves any number of manifests.
/// </remarks>
internal sealed partial class ManifestValidator
{
    /// <summary>The largest plugin.json accepted, in UTF-8 bytes (1 MiB).</summary>
    public const int MaxManifestBytes = 1024 * 1024;

    /// <summary>The longest plugin name accepted.</summary>
    public const int MaxNameLength = 64;

    private const string Root = "$";
    private const string MinimalExample = """{"name": "my-plugin", "version": "1.0.0"}""";

    private readonly SemVersion _hostVersion;

    /// <summary>Creates a validator for one host.</summary>
    /// <param name="hostVersion">The host's version (SemVer 2.0), compared with each manifest's <c>bot-hq.minVersion</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="hostVersion"/> is not a SemVer 2.0 version.</exception>
    public ManifestValidator(string hostVersion)
    {
        ArgumentNullException.ThrowIfNull(hostVersion);
        if (!TryParseVersion(hostVersion, out var parsed))
        {
            throw new ArgumentException(
                $"The host version '{hostVersion}' is not a SemVer 2.0 version; set PluginRuntimeOptions.HostVersion to one such as '1.0.0'.",
                nameof(hostVersion));
        }

        _hostVersion = parsed;
    }

    /// <summary>Parses a SemVer 2.0 version strictly (no leading 'v', no missing parts, no leading zeros).</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="version">The version, when the text is one.</param>
    /// <returns>Whether <paramref name="value"/> is a SemVer 2.0 version.</returns>
    public static bool TryParseVersion(string? value, [NotNullWhen(true)] out SemVersion? version) =>
        SemVersion.TryParse(value, SemVersionStyles.Strict, out version);

    /// <summary>Validates the text of one plugin.json.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="pluginDirectory">The plugin's folder, against which every path in the manifest is checked.</param>
    /// <returns>The manifest when valid, with every problem found.</returns>
    public ManifestValidationResult Validate(string json, string pluginDirectory)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(pluginDirectory);

        // A byte order mark is not part of the JSON; readers that keep it hand it over as U+FEFF.
        var text = json.StartsWith('\uFEFF') ? json.AsMemory(1) : json.AsMemory();
        if (text.Span.IsWhiteSpace())
        {
            return Invalid(null, new PluginProblem("", $"plugin.json is empty; write a JSON object with at least a name and a version, such as {MinimalExample}."));
        }

        var bytes = Encoding.UTF8.GetByteCount(json);
        if (bytes > MaxManifestBytes)
        {
            return Invalid(null, new PluginProblem("", string.Create(
                CultureInfo.InvariantCulture,
                $"plugin.json is {bytes} bytes, over the limit of {MaxManifestBytes} bytes (1 MiB); keep the manifest small and move large content into other files in the plugin's folder.")));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            return Invalid(null, Malformed(ex));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid(null, new PluginProblem(Root, $"plugin.json must hold a JSON object, not {Describe(root.ValueKind)}; write it as {MinimalExample}."));
            }

            var problems = new List<PluginProblem>();
            var name = ValidateRoot(root, new ManifestPathChecker(pluginDirectory), problems, out var incompatibility);
            var incompatible = incompatibility is not null;
            var errors = problems.Count;

            // Listed even beside errors: whoever fixes them should learn at once that this host is too old as well.
            if (incompatibility is not null)
            {
                problems.Add(incompatibility);
            }

            if (errors > 0)
            {
                return new ManifestValidationResult(null, name, incompatible, problems);
            }

            PluginManifest manifest;
            try
            {
                // An object never deserializes to null.
                manifest = root.Deserialize(ManifestJsonContext.Default.PluginManifest)!;
            }
            catch (JsonException ex)
            {
                // The structural checks above accept only what the model can hold; this is a last line of defence.
                problems.Add(new PluginProblem(ex.Path ?? Root, $"could not be read: {ex.Message} Correct this member's value."));
                return new ManifestValidationResult(null, name, incompatible, problems);
            }

            return new ManifestValidationResult(manifest, name, incompatible, problems);
        }
    }

    private static ManifestValidationResult Invalid(string? name, PluginProblem problem) => new(null, name, false, [problem]);

    private static PluginProblem Malformed(JsonException ex)
    {
        var reason = ex.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut];
        }

        // JsonException counts lines and positions from 0; editors count from 1.
        var where = ex.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}")
            : "";
        return new PluginProblem("", $"plugin.json is not valid JSON{where}: {reason} Fix the syntax there; a missing comma, quote or brace, or a trailing comma, is the usual cause.");
    }

    private string? ValidateRoot(JsonElement root, ManifestPathChecker paths, List<PluginProblem> problems, out PluginProblem? incompatibility)
    {
        var members = Members(root, Root, problems);
        var name = ValidateName(members, problems);
        ValidateRequiredVersion(members, problems);
        GetString(members, "description", Root, problems, "\"Adds a GitHub tab\"");
        GetString(members, "repository", Root, problems, "\"https://github.com/me/my-plugin\"");
        GetString(members, "license", Root, problems, "\"MIT\"");
        ValidateAuthor(members, problems);
        incompatibility = ValidateHostRequirements(members, problems);
        var envKeys = ValidateMcp(members, paths, problems);
        CheckPath(members, "extensions", Root, paths, problems, "bin/MyPlugin.dll");
        ValidateUi(members, paths, problems);
        ValidateSettings(members, problems);
        ValidateCredentials(members, envKeys, problems);
        ValidatePermissions(members, problems);
        return name;
    }

    private static string? ValidateName(OrderedDictionary<string, JsonElement> members, List<PluginProblem> problems)
    {
        const string path = "$.name";
        if (!members.TryGetValue("name", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new PluginProblem(path, "is required: add a unique name of lowercase letters, digits and hyphens, such as \"name\": \"my-plugin\"."));
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add(new PluginProblem(path, $"must be a string, such as \"my-plugin\", not {Describe(element)}."));
            return null;
        }

        var name = element.GetString()!;
        if (!NamePattern().IsMatch(name))
        {
            problems.Add(new PluginProblem(path, $"{Quote(name)} is not a valid plugin name: use lowercase letters a-z and digits, with single hyphens between them (none at the start or end, never two in a row), such as \"my-plugin\"."));
        }

        if (name.Length > MaxNameLength)
        {
            problems.Add(new PluginProblem(path, string.Create(CultureInfo.InvariantCulture, $"is {name.Length} characters long; a plugin name may have at most {MaxNameLength}. Shorten it.")));
        }

        return name;
    }

    private static void ValidateRequiredVersion(OrderedDictionary<string, JsonElement> members, List<PluginProblem> problems)
    {
        const string path = "$.version";
        if (!members.TryGetValue("version", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new PluginProblem(path, "is required: add the plugin's SemVer 2.0 version, such as \"version\": \"1.0.0\"."));
            return;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add(new PluginProblem(path, $"must be a string holding a SemVer 2.0 version, such as \"1.0.0\", not {Describe(element)}."));
            return;
        }

        ParseVersion(element.GetString()!, path, problems);
    }

    private static void ValidateAuthor(OrderedDictionary<string, JsonElement> members, List<PluginProblem> problems)
    {
        if (GetObject(members, "author", Root, problems, """{"name": "Ada Lovelace", "url": "https://example.com"}""") is not { } author)
        {
            return;
        }

        const string path = "$.author";
        var authorMembers = Members(author, path, problems);
        GetString(authorMembers, "name", path, problems, "\"Ada Lovelace\"");
        GetString(authorMembers, "url", path, problems, "\"https://example.com\"");
    }

    private PluginProblem? ValidateHostRequirements(OrderedDictionary<string, JsonElement> members, List<PluginProblem> problems)
    {
        if (GetObject(members, "bot-hq", Root, problems, """{"minVersion": "1.0.0"}""") is not { } botHq)
        {
            return null;
        }

        const string parent = "$.bot-hq";
        const string path = "$.bot-hq.minVersion";
        var botHqMembers = Members(botHq, parent, problems);
        if (GetString(botHqMembers, "minVersion", parent, problems, "\"1.0.0\"") is not { } minVersion
            || ParseVersion(minVersion, path, problems) is not { } required
            || required.ComparePrecedenceTo(_hostVersion) <= 0)
        {
            return null;
        }

        return new PluginProblem(path, $"the plugin needs host version {required} or newer, but this host is {_hostVersion}; the plugin is listed as incompatible and its code does not run. Upgrade the host, or install a version of the plugin that supports {_hostVersion}.");
    }

    private static void ValidatePermissions(OrderedDictionary<string, JsonElement> members, List<PluginProblem> problems)
    {
        if (GetArray(members, "permissions", Root, problems, """["network", "filesystem:read"]""") is { } permissions)
        {
            CheckStringItems(permissions, "$.permissions", problems, "\"network\"", unique: false);
        }
    }

    private static SemVersion? ParseVersion(string value, string path, List<PluginProblem> problems)
    {
        if (TryParseVersion(value, out var version))
        {
            return version;
        }

        string reason;
        try
        {
            // Parse again only to learn why it failed: the Semver package's message names the exact fault.
            SemVersion.Parse(value, SemVersionStyles.Strict);
            reason = "It is not a valid version.";
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            reason = ex.Message;
        }

        problems.Add(new PluginProblem(path, $"{Quote(value)} is not a SemVer 2.0 version ({reason.TrimEnd('.')}); write MAJOR.MINOR.PATCH with an optional -prerelease and +build, no leading 'v' or zeros, such as \"1.0.0\" or \"2.1.0-beta.1\"."));
        return null;
    }

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentNamePattern();
}

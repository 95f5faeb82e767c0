using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Semver;

namespace BotHq.Plugins.Manifest;

/// <summary>Validates a plugin.json and reads it into a <see cref="PluginManifest"/>, reporting every problem at once.</summary>
/// <remarks>
/// The JSON is parsed once into a <see cref="JsonDocument"/>; one walk over it checks every member and reads the model, so a
/// member of the wrong kind becomes a <see cref="PluginProblem"/> with its JSON path (for example <c>$.mcp.entry</c>), never a
/// <see cref="JsonException"/>. The model reads members exactly as <see cref="ManifestJsonContext"/> would deserialize them
/// (unknown members skipped, <c>null</c> as absent), which a test holds it to. Each message says what is wrong and how to fix
/// it. Thread-safe: one instance serves any number of manifests.
/// </remarks>
internal sealed partial class ManifestValidator
{
    /// <summary>The largest plugin.json accepted, in UTF-8 bytes (1 MiB).</summary>
    public const int MaxManifestBytes = 1024 * 1024;

    /// <summary>The longest plugin name accepted.</summary>
    public const int MaxNameLength = 64;

    private const string Root = "$";
    private const string MinimalExample = """{"name": "my-plugin", "version": "1.0.0"}""";

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

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
    /// <param name="json">The file's text; a leading byte order mark (U+FEFF) is skipped.</param>
    /// <param name="pluginDirectory">The plugin's folder, against which every path in the manifest is checked.</param>
    /// <returns>The manifest when valid, with every problem found.</returns>
    public ManifestValidationResult Validate(string json, string pluginDirectory)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Validate(Encoding.UTF8.GetBytes(json), pluginDirectory);
    }

    /// <summary>Validates the bytes of one plugin.json, which must be UTF-8 (a byte order mark is skipped).</summary>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <param name="pluginDirectory">The plugin's folder, against which every path in the manifest is checked.</param>
    /// <returns>The manifest when valid, with every problem found.</returns>
    /// <remarks>The bytes are read in place, never decoded to a string, and must not change until this returns.</remarks>
    public ManifestValidationResult Validate(ReadOnlyMemory<byte> utf8Json, string pluginDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginDirectory);
        var bytes = SkipByteOrderMark(utf8Json);
        if (bytes.Length > MaxManifestBytes)
        {
            return TooLarge(bytes.Length);
        }

        // Checked before parsing: JsonDocument parses invalid UTF-8 inside strings and names, and only reading them throws.
        if (!Utf8.IsValid(bytes.Span))
        {
            return Invalid(null, new PluginProblem("", $"plugin.json is not valid UTF-8 text ({DescribeInvalidUtf8(bytes.Span)}); save it with UTF-8 encoding."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            // Whitespace alone is reported as an empty file; only a failed parse can be that.
            return Invalid(null, IsWhiteSpace(bytes.Span) ? EmptyProblem() : Malformed(ex));
        }

        return Validate(document, pluginDirectory);
    }

    private ManifestValidationResult Validate(JsonDocument document, string pluginDirectory)
    {
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid(null, new PluginProblem(Root, $"plugin.json must hold a JSON object, not {Describe(root.ValueKind)}; write it as {MinimalExample}."));
            }

            var problems = new List<PluginProblem>();
            var manifest = ValidateRoot(root, new ManifestPathChecker(pluginDirectory), problems, out var name, out var incompatibility);
            var incompatible = incompatibility is not null;
            var errors = problems.Count;

            // Listed even beside errors: whoever fixes them should learn at once that this host is too old as well.
            if (incompatibility is not null)
            {
                problems.Add(incompatibility);
            }

            // The model is read in the same pass as the checks; it is handed out only when no check failed.
            return new ManifestValidationResult(errors > 0 ? null : manifest, name, incompatible, problems);
        }
    }

    /// <summary>Whether UTF-8 text holds nothing but white space, as <see cref="MemoryExtensions.IsWhiteSpace(ReadOnlySpan{char})"/> judges it.</summary>
    private static bool IsWhiteSpace(ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) != System.Buffers.OperationStatus.Done || !Rune.IsWhiteSpace(rune))
            {
                return false;
            }

            utf8 = utf8[consumed..];
        }

        return true;
    }

    /// <summary>Names the first bytes that are not UTF-8 and where they are.</summary>
    private static string DescribeInvalidUtf8(ReadOnlySpan<byte> text)
    {
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[index..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                var bad = text.Slice(index, Math.Max(consumed, 1));
                return string.Create(CultureInfo.InvariantCulture, $"the bytes [{Convert.ToHexString(bad)}] at byte {index} are not UTF-8; a file saved in a legacy code page or as UTF-16 looks like this");
            }

            index += consumed;
        }

        return "it is not UTF-8";
    }

    private static PluginProblem EmptyProblem() =>
        new("", $"plugin.json is empty; write a JSON object with at least a name and a version, such as {MinimalExample}.");

    private static ManifestValidationResult TooLarge(int bytes) => Invalid(null, new PluginProblem("", string.Create(
        CultureInfo.InvariantCulture,
        $"plugin.json is {bytes} bytes, over the limit of {MaxManifestBytes} bytes (1 MiB); keep the manifest small and move large content into other files in the plugin's folder.")));

    /// <summary>Gets UTF-8 text without its byte order mark, which is not part of the JSON.</summary>
    /// <param name="utf8">The text, with or without a byte order mark.</param>
    public static ReadOnlyMemory<byte> SkipByteOrderMark(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith(Utf8ByteOrderMark) ? utf8[Utf8ByteOrderMark.Length..] : utf8;

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

    /// <summary>Checks every member of the manifest and reads them into the model, which is whole only when no problem was added.</summary>
    private PluginManifest ValidateRoot(JsonElement root, ManifestPathChecker paths, List<PluginProblem> problems, out string? name, out PluginProblem? incompatibility)
    {
        var members = ManifestObject.Create(root, Root, problems);
        name = ValidateName(members, problems);
        var version = ValidateRequiredVersion(members, problems);
        var description = GetString(members, "description", Root, problems, "\"Adds a GitHub tab\"");
        var repository = GetString(members, "repository", Root, problems, "\"https://github.com/me/my-plugin\"");
        var license = GetString(members, "license", Root, problems, "\"MIT\"");
        var author = ValidateAuthor(members, problems);
        var botHq = ValidateHostRequirements(members, problems, out incompatibility);
        var mcp = ValidateMcp(members, paths, problems, out var envKeys, out var credentialReferences);
        var extensions = CheckPath(members, "extensions", Root, paths, problems, "bin/MyPlugin.dll");
        var ui = ValidateUi(members, paths, problems);
        var settings = ValidateSettings(members, problems);
        var credentials = ValidateCredentials(members, envKeys, problems);
        CheckCredentialReferences(credentialReferences, credentials, problems);
        var permissions = ValidatePermissions(members, problems);
        return new PluginManifest
        {
            Name = name ?? "",
            Version = version ?? "",
            Description = description,
            Author = author,
            Repository = repository,
            License = license,
            BotHq = botHq,
            Mcp = mcp,
            Extensions = extensions,
            Ui = ui,
            Settings = settings,
            Credentials = credentials,
            Permissions = permissions,
        };
    }

    private static string? ValidateName(ManifestObject members, List<PluginProblem> problems)
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

    private static string? ValidateRequiredVersion(ManifestObject members, List<PluginProblem> problems)
    {
        const string path = "$.version";
        if (!members.TryGetValue("version", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new PluginProblem(path, "is required: add the plugin's SemVer 2.0 version, such as \"version\": \"1.0.0\"."));
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add(new PluginProblem(path, $"must be a string holding a SemVer 2.0 version, such as \"1.0.0\", not {Describe(element)}."));
            return null;
        }

        var version = element.GetString()!;
        ParseVersion(version, path, problems);
        return version;
    }

    private static PluginAuthor? ValidateAuthor(ManifestObject members, List<PluginProblem> problems)
    {
        if (GetObject(members, "author", Root, problems, """{"name": "Ada Lovelace", "url": "https://example.com"}""") is not { } author)
        {
            return null;
        }

        const string path = "$.author";
        var authorMembers = ManifestObject.Create(author, path, problems);
        return new PluginAuthor
        {
            Name = GetString(authorMembers, "name", path, problems, "\"Ada Lovelace\""),
            Url = GetString(authorMembers, "url", path, problems, "\"https://example.com\""),
        };
    }

    /// <summary>Checks the <c>bot-hq</c> member and reads it into the model.</summary>
    /// <param name="members">The manifest's members.</param>
    /// <param name="problems">Receives the problems.</param>
    /// <param name="incompatibility">Set when the plugin needs a newer host; an incompatible manifest is still valid.</param>
    private PluginHostRequirements? ValidateHostRequirements(ManifestObject members, List<PluginProblem> problems, out PluginProblem? incompatibility)
    {
        incompatibility = null;
        if (GetObject(members, "bot-hq", Root, problems, """{"minVersion": "1.0.0"}""") is not { } botHq)
        {
            return null;
        }

        const string parent = "$.bot-hq";
        const string path = "$.bot-hq.minVersion";
        var minVersion = GetString(ManifestObject.Create(botHq, parent, problems), "minVersion", parent, problems, "\"1.0.0\"");
        if (minVersion is not null
            && ParseVersion(minVersion, path, problems) is { } required
            && required.ComparePrecedenceTo(_hostVersion) > 0)
        {
            incompatibility = new PluginProblem(path, $"the plugin needs host version {required} or newer, but this host is {_hostVersion}; the plugin is listed as incompatible and its code does not run. Upgrade the host, or install a version of the plugin that supports {_hostVersion}.");
        }

        return new PluginHostRequirements { MinVersion = minVersion };
    }

    private static List<string>? ValidatePermissions(ManifestObject members, List<PluginProblem> problems) =>
        GetArray(members, "permissions", Root, problems, """["network", "filesystem:read"]""") is { } permissions
            ? CheckStringItems(permissions, "$.permissions", problems, "\"network\"", unique: false)
            : null;

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

using System.Text.Json;

namespace BotHq.Plugins.Manifest;

/// <summary>The rules of the <c>credentials</c> member.</summary>
internal sealed partial class ManifestValidator
{
    private static void ValidateCredentials(OrderedDictionary<string, JsonElement> members, List<string> envKeys, List<PluginProblem> problems)
    {
        const string path = "$.credentials";
        var byFoldedName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (GetObject(members, "credentials", Root, problems, """{"GITHUB_TOKEN": {"type": "secret", "label": "GitHub token", "required": true}}""") is { } credentials)
        {
            foreach (var (key, definition) in Members(credentials, path, problems))
            {
                var credentialPath = Member(path, key);
                if (CheckVariableName(key, credentialPath, "a credential key (its value reaches the MCP server as that environment variable)", problems))
                {
                    CheckCaseCollision(byFoldedName, key, credentialPath, "credential", problems);
                }

                if (definition.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new PluginProblem(credentialPath, $"must be an object such as {{\"type\": \"secret\", \"label\": \"API token\"}}, not {Describe(definition)}."));
                    continue;
                }

                ValidateCredential(Members(definition, credentialPath, problems), credentialPath, problems);
            }
        }

        foreach (var envKey in envKeys)
        {
            if (byFoldedName.TryGetValue(envKey, out var credential))
            {
                problems.Add(new PluginProblem(Member("$.mcp.env", envKey), $"is also declared as the credential {Quote(credential)}, whose value would replace this one in the server's environment; remove it from mcp.env or rename one of them."));
            }
        }
    }

    private static void ValidateCredential(OrderedDictionary<string, JsonElement> definition, string path, List<PluginProblem> problems)
    {
        var type = RequiredString(definition, "type", path, problems, "a credential's type is \"secret\"");
        if (type is not null and not "secret")
        {
            problems.Add(new PluginProblem(Member(path, "type"), $"{Quote(type)} is not a credential type; the only one is \"secret\". Use \"secret\", or declare a non-secret value under settings."));
        }

        GetString(definition, "label", path, problems, "\"GitHub token\"");
        GetString(definition, "description", path, problems, "\"A personal access token with repo scope\"");
        CheckBoolean(definition, "required", path, problems);
    }
}

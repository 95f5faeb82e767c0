using System.Text.Json;

namespace BotHq.Plugins.Manifest;

/// <summary>The rules of the <c>credentials</c> member.</summary>
internal sealed partial class ManifestValidator
{
    private static Dictionary<string, PluginCredentialDefinition>? ValidateCredentials(ManifestObject members, List<string> envKeys, List<PluginProblem> problems)
    {
        const string path = "$.credentials";
        var byFoldedName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, PluginCredentialDefinition>? model = null;
        if (GetObject(members, "credentials", Root, problems, """{"GITHUB_TOKEN": {"type": "secret", "label": "GitHub token", "required": true}}""") is { } credentials)
        {
            model = new Dictionary<string, PluginCredentialDefinition>(credentials.GetPropertyCount(), StringComparer.Ordinal);
            foreach (var (key, definition) in ManifestObject.Create(credentials, path, problems).Members())
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

                model[key] = ValidateCredential(ManifestObject.Create(definition, credentialPath, problems), credentialPath, problems);
            }
        }

        foreach (var envKey in envKeys)
        {
            if (byFoldedName.TryGetValue(envKey, out var credential))
            {
                problems.Add(new PluginProblem(Member("$.mcp.env", envKey), $"is also declared as the credential {Quote(credential)}, whose value would replace this one in the server's environment; remove it from mcp.env or rename one of them."));
            }
        }

        return model;
    }

    private static PluginCredentialDefinition ValidateCredential(ManifestObject definition, string path, List<PluginProblem> problems)
    {
        var type = RequiredString(definition, "type", path, problems, "a credential's type is \"secret\"");
        if (type is not null and not "secret")
        {
            problems.Add(new PluginProblem(Member(path, "type"), $"{Quote(type)} is not a credential type; the only one is \"secret\". Use \"secret\", or declare a non-secret value under settings."));
        }

        return new PluginCredentialDefinition
        {
            Type = type ?? "",
            Label = GetString(definition, "label", path, problems, "\"GitHub token\""),
            Description = GetString(definition, "description", path, problems, "\"A personal access token with repo scope\""),
            Required = CheckBoolean(definition, "required", path, problems),
        };
    }
}

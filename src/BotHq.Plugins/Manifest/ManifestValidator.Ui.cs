using System.Text.Json;

namespace BotHq.Plugins.Manifest;

/// <summary>The rules of the <c>ui</c> member.</summary>
internal sealed partial class ManifestValidator
{
    private static PluginUiManifest? ValidateUi(ManifestObject members, ManifestPathChecker paths, List<PluginProblem> problems)
    {
        const string path = "$.ui";
        if (GetObject(members, "ui", Root, problems, """{"tabs": [{"id": "issues", "label": "Issues", "component": "ui/IssuesTab.js"}]}""") is not { } ui)
        {
            return null;
        }

        var uiMembers = ManifestObject.Create(ui, path, problems);
        return new PluginUiManifest
        {
            Tabs = GetArray(uiMembers, "tabs", path, problems, """[{"id": "issues", "label": "Issues", "component": "ui/IssuesTab.js"}]""") is { } tabs
                ? ValidateTabs(tabs, paths, problems)
                : null,
            WorkspaceSettings = CheckPath(uiMembers, "workspaceSettings", path, paths, problems, "ui/WorkspaceSettings.js"),
            TaskBadge = CheckPath(uiMembers, "taskBadge", path, paths, problems, "ui/TaskBadge.js"),
            TaskActions = CheckPath(uiMembers, "taskActions", path, paths, problems, "ui/TaskActions.js"),
        };
    }

    private static List<PluginUiTab> ValidateTabs(JsonElement tabs, ManifestPathChecker paths, List<PluginProblem> problems)
    {
        var model = new List<PluginUiTab>(tabs.GetArrayLength());
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var tab in tabs.EnumerateArray())
        {
            var tabPath = Index("$.ui.tabs", index);
            if (tab.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new PluginProblem(tabPath, $"must be an object such as {{\"id\": \"issues\", \"label\": \"Issues\", \"component\": \"ui/IssuesTab.js\"}}, not {Describe(tab)}."));
                index++;
                continue;
            }

            var tabMembers = ManifestObject.Create(tab, tabPath, problems);
            var id = RequiredString(tabMembers, "id", tabPath, problems, "a tab needs an id, unique within the plugin, such as \"issues\"");
            if (id is not null && !ids.TryAdd(id, index))
            {
                problems.Add(new PluginProblem(Member(tabPath, "id"), $"{Quote(id)} is already the id of tab {ids[id]} ($.ui.tabs[{ids[id]}]); give every tab its own id."));
            }

            var label = RequiredString(tabMembers, "label", tabPath, problems, "a tab needs the label the host shows on it, such as \"Issues\"");
            var icon = GetString(tabMembers, "icon", tabPath, problems, "\"github\"");
            string? componentPath = null;
            if (!tabMembers.TryGetValue("component", out var component) || component.ValueKind == JsonValueKind.Null)
            {
                problems.Add(new PluginProblem(Member(tabPath, "component"), "is required: a tab needs the component the host renders in it, a path relative to the plugin's folder such as \"ui/IssuesTab.js\"."));
            }
            else
            {
                componentPath = CheckPath(tabMembers, "component", tabPath, paths, problems, "ui/IssuesTab.js");
            }

            model.Add(new PluginUiTab { Id = id, Label = label, Icon = icon, Component = componentPath });
            index++;
        }

        return model;
    }

    /// <summary>Gets a required, non-empty string member; reports it when absent, empty or of another kind.</summary>
    private static string? RequiredString(ManifestObject members, string name, string path, List<PluginProblem> problems, string why)
    {
        if (!members.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new PluginProblem(Member(path, name), $"is required: {why}."));
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add(new PluginProblem(Member(path, name), $"must be a string, not {Describe(element)}: {why}."));
            return null;
        }

        var value = element.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new PluginProblem(Member(path, name), $"must not be empty: {why}."));
            return null;
        }

        return value;
    }
}

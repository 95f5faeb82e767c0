using System.Text.Json;

namespace BotHq.Plugins.AspNetCore.Json;

/// <summary>The name of a database failure's cause in responses and health data: kebab-case, like every enum this API writes (<c>disk-full</c>).</summary>
internal static class DatabaseFailureName
{
    public static string Of(PluginDatabaseFailure failure) => JsonNamingPolicy.KebabCaseLower.ConvertName(failure.ToString());
}

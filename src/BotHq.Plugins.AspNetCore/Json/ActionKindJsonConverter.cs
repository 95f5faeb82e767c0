using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.AspNetCore.Json;

/// <summary>Writes <see cref="ActionKind"/> as the route spells it: <c>approval</c>, <c>task</c>, <c>workspace</c>.</summary>
internal sealed class ActionKindJsonConverter : JsonStringEnumConverter<ActionKind>
{
    public ActionKindJsonConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}

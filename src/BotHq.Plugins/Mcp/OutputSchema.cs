using System.Text;
using System.Text.Json;
using Json.Schema;

namespace BotHq.Plugins.Mcp;

/// <summary>A tool's <c>outputSchema</c>, built once per tool listing (JsonSchema.Net), that checks the tool's structured results.</summary>
internal sealed class OutputSchema
{
    /// <summary>The most mismatches named in one error.</summary>
    private const int MaxErrorsNamed = 3;

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    private readonly JsonSchema _schema;

    private OutputSchema(JsonSchema schema) => _schema = schema;

    /// <summary>Builds a tool's output schema; <paramref name="error"/> says why when it is not a valid JSON Schema.</summary>
    public static OutputSchema? TryBuild(JsonElement schema, out string? error)
    {
        error = null;
        try
        {
            // A registry per schema: two tools may declare the same $id, and the default registry is shared by the whole process.
            // Nothing is fetched: a registry without a fetch function resolves only what the schema holds.
            return new OutputSchema(JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or FormatException or UriFormatException)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Checks a structured result.</summary>
    /// <returns>The first mismatches, each as its JSON Pointer and what is wrong there; <see langword="null"/> when it matches.</returns>
    public string? Check(JsonElement instance)
    {
        var results = _schema.Evaluate(instance, Evaluation);
        if (results.IsValid)
        {
            return null;
        }

        var text = new StringBuilder();
        var named = 0;
        var total = 0;
        foreach (var detail in results.Details is { Count: > 0 } details ? details : [results])
        {
            foreach (var (_, message) in detail.Errors ?? [])
            {
                total++;
                if (named < MaxErrorsNamed)
                {
                    var at = detail.InstanceLocation.ToString();
                    text.Append(named == 0 ? string.Empty : "; ").Append(at.Length == 0 ? "/" : at).Append(": ").Append(message);
                    named++;
                }
            }
        }

        if (total == 0)
        {
            text.Append("the result does not match the schema");
        }
        else if (total > named)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"; and {total - named} more");
        }

        return text.ToString();
    }
}

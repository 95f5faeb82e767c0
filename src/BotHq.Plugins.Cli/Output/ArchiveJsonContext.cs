using System.Text.Json.Serialization;
using BotHq.Plugins.Installation;

namespace BotHq.Plugins.Cli.Output;

/// <summary>The JSON contracts of <c>pack</c>, <c>install</c> and <c>uninstall</c>, as <see cref="CliJsonContext"/> writes the others.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PackDocument))]
[JsonSerializable(typeof(PluginInstallResult))]
[JsonSerializable(typeof(UninstallDocument))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext;

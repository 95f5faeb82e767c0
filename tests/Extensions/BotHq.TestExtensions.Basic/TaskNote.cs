namespace BotHq.TestExtensions.Basic;

/// <summary>A value of the plugin's own type, stored with the plugin's own source-generated serializer metadata.</summary>
public sealed record TaskNote(string Id, string Title);

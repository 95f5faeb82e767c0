namespace PluginTemplate1.Extension;

/// <summary>What the plugin keeps per task in its task data.</summary>
/// <param name="Title">The task's title when the note was written.</param>
/// <param name="Note">The note.</param>
public sealed record TaskNote(string Title, string Note);

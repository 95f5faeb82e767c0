namespace Hello.Extension;

/// <summary>What the hello plugin keeps for each task (in its task data): the title and the latest notes.</summary>
/// <param name="Title">The task's title when last seen.</param>
/// <param name="Notes">The latest notes, oldest first; at most the <c>maxNotes</c> setting.</param>
public sealed record TaskNotes(string Title, IReadOnlyList<string> Notes);

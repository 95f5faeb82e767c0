namespace BotHq.Plugins.Tests.Storage;

/// <summary>A nested record with the shapes plugins store: text, numbers, dates, lists and a child record.</summary>
internal sealed record StoreTestRecord(string Name, int Count, double Ratio, DateTimeOffset At, IReadOnlyList<string> Tags, StoreTestChild? Child)
{
    public bool Equals(StoreTestRecord? other) =>
        other is not null && Name == other.Name && Count == other.Count && Ratio.Equals(other.Ratio) && At == other.At
        && Tags.SequenceEqual(other.Tags) && Equals(Child, other.Child);

    public override int GetHashCode() => HashCode.Combine(Name, Count, At);
}

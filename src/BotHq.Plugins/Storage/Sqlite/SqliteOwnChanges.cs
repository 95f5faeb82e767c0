namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>The steps of the registry change counter (<c>plugin_registry_changes</c>) that this instance's own writes took, so
/// its change feed does not refresh the registry for a change it made itself; another process's step is never among them.</summary>
/// <remarks>Each registry write runs under <c>BEGIN IMMEDIATE</c>, which holds the file's write lock, and reads the counter at its
/// start and just before it commits: no other writer can move the counter in between, so the range is wholly its own. A range is
/// recorded before the commit (a poll after the commit must find it) and forgotten if the commit fails.</remarks>
internal sealed class SqliteOwnChanges
{
    // A feed that never polls (ChangePollInterval infinite) never forgets: past this many, the oldest go, which costs at most a
    // refresh that was not needed.
    private const int MaxRanges = 1024;

    private readonly Lock _gate = new();
    private readonly List<(long From, long To)> _ranges = [];

    /// <summary>Records that a write about to commit moved the counter from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <returns>The range, to pass to <see cref="Forget"/> if the commit fails.</returns>
    public (long From, long To) Wrote(long from, long to)
    {
        if (to > from)
        {
            lock (_gate)
            {
                if (_ranges.Count == MaxRanges)
                {
                    _ranges.RemoveAt(0);
                }

                _ranges.Add((from, to));
            }
        }

        return (from, to);
    }

    /// <summary>Forgets a range whose transaction did not commit: the counter never took those values for this instance.</summary>
    public void Forget((long From, long To) range)
    {
        lock (_gate)
        {
            _ranges.Remove(range);
        }
    }

    /// <summary>Tells whether every step of the counter from <paramref name="seen"/> to <paramref name="now"/> was this
    /// instance's own write (never when nothing was seen before), and forgets the ranges that <paramref name="now"/> has passed.</summary>
    public bool AreAllOwn(long? seen, long now)
    {
        lock (_gate)
        {
            if (seen is null)
            {
                _ranges.RemoveAll(range => range.To <= now);
                return false;
            }

            _ranges.Sort();
            var reached = seen;
            foreach (var (from, to) in _ranges)
            {
                if (from == reached)
                {
                    reached = to;
                }
                else if (from > reached)
                {
                    break;
                }
            }

            _ranges.RemoveAll(range => range.To <= now);
            return reached == now;
        }
    }
}

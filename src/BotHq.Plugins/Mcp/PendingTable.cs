namespace BotHq.Plugins.Mcp;

/// <summary>The requests waiting for a response, by id; a plain dictionary under a lock, so adding one allocates nothing.</summary>
internal sealed class PendingTable
{
    private readonly Dictionary<long, IPendingRequest> _requests = [];
    private readonly Lock _gate = new();

    public void Add(IPendingRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request.Id, request);
        }
    }

    public bool TryRemove(long id, out IPendingRequest request)
    {
        lock (_gate)
        {
            return _requests.Remove(id, out request!);
        }
    }

    public bool TryGet(long id, out IPendingRequest request)
    {
        lock (_gate)
        {
            return _requests.TryGetValue(id, out request!);
        }
    }

    /// <summary>Removes and returns every request.</summary>
    public List<IPendingRequest> RemoveAll()
    {
        lock (_gate)
        {
            var all = _requests.Values.ToList();
            _requests.Clear();
            return all;
        }
    }

    /// <summary>Removes and returns the requests past their deadline.</summary>
    public List<IPendingRequest>? RemoveExpired(long now)
    {
        List<IPendingRequest>? expired = null;
        lock (_gate)
        {
            foreach (var request in _requests.Values)
            {
                if (request.Deadline != 0 && request.Deadline <= now)
                {
                    (expired ??= []).Add(request);
                }
            }

            foreach (var request in expired ?? [])
            {
                _requests.Remove(request.Id);
            }
        }

        return expired;
    }

    /// <summary>Gets the earliest deadline of the waiting requests, or 0 when none has one.</summary>
    public long EarliestDeadline()
    {
        long earliest = 0;
        lock (_gate)
        {
            foreach (var request in _requests.Values)
            {
                if (request.Deadline != 0 && (earliest == 0 || request.Deadline < earliest))
                {
                    earliest = request.Deadline;
                }
            }
        }

        return earliest;
    }
}

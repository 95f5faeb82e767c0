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

    /// <summary>Removes and returns the requests past their deadline; tells whether others with a deadline still wait.</summary>
    public List<IPendingRequest>? RemoveExpired(long now, out bool othersWaiting)
    {
        List<IPendingRequest>? expired = null;
        othersWaiting = false;
        lock (_gate)
        {
            foreach (var request in _requests.Values)
            {
                if (request.Deadline == 0)
                {
                    continue;
                }

                if (request.Deadline <= now)
                {
                    (expired ??= []).Add(request);
                }
                else
                {
                    othersWaiting = true;
                }
            }

            foreach (var request in expired ?? [])
            {
                _requests.Remove(request.Id);
            }
        }

        return expired;
    }

    public bool AnyWithDeadline()
    {
        lock (_gate)
        {
            return _requests.Values.Any(request => request.Deadline != 0);
        }
    }
}

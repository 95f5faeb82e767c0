namespace BotHq.Plugins.Extensions;

/// <summary>A few reusable <see cref="CancellationTokenSource"/>s for one extension's hook and action calls.</summary>
/// <remarks>Every call hands the plugin a token the runtime can cancel on timeout; most calls complete without it, so the
/// source goes back here instead of being allocated per call. The pool belongs to one loaded extension and is dropped
/// with it, so a registration the plugin left on a token cannot outlive the plugin.</remarks>
internal sealed class CancellationSourcePool
{
    private readonly CancellationTokenSource?[] _items = new CancellationTokenSource?[4];

    /// <summary>Takes a source from the pool, or creates one.</summary>
    public CancellationTokenSource Rent()
    {
        for (var i = 0; i < _items.Length; i++)
        {
            var item = Interlocked.Exchange(ref _items[i], null);
            if (item is not null)
            {
                return item;
            }
        }

        return new CancellationTokenSource();
    }

    /// <summary>Gives a source back; one that was cancelled, or that finds the pool full, is disposed.</summary>
    public void Return(CancellationTokenSource source)
    {
        if (source.TryReset())
        {
            for (var i = 0; i < _items.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _items[i], source, null) is null)
                {
                    return;
                }
            }
        }

        source.Dispose();
    }

    /// <summary>Disposes every pooled source.</summary>
    public void Clear()
    {
        for (var i = 0; i < _items.Length; i++)
        {
            Interlocked.Exchange(ref _items[i], null)?.Dispose();
        }
    }
}

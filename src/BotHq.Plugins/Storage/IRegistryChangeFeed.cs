namespace BotHq.Plugins.Storage;

/// <summary>Tells one instance that the registry may have changed: enabled state, settings, credentials, an uninstall or a sync,
/// made by any process or instance on the same database.</summary>
/// <remarks>
/// SQLite polls a change counter that every registry write bumps in its own transaction; PostgreSQL listens (<c>LISTEN</c>) on one
/// connection for the notification every registry write sends at commit. After it starts, and after every reconnect, a feed
/// signals once more, so a change made while it was not listening is never missed: the listener then resynchronises in full.
/// </remarks>
internal interface IRegistryChangeFeed : IAsyncDisposable
{
    /// <summary>Starts watching on a task of its own.</summary>
    /// <param name="changed">Called, from the feed's task, each time the registry may have changed; it must return at once (queue the work).</param>
    void Start(Action changed);
}

using Archiver.Feeds.Model;

namespace Archiver.Feeds.Connections;

/// <summary>What the owner of a <see cref="FeedConnection"/> (its stream group) hears about it, on the connection's thread.</summary>
internal interface IConnectionObserver
{
    /// <summary>The connection's socket opened (first time or again).</summary>
    void OnOpened(FeedConnection connection, long timeMicros);

    /// <summary>Subscribe messages for <paramref name="streams"/> were sent (all streams after opening, or one resubscribed).</summary>
    void OnSubscribed(FeedConnection connection, IReadOnlyList<StreamKey> streams, long timeMicros);

    /// <summary>The connection's socket was lost (not a deliberate stop).</summary>
    void OnLost(FeedConnection connection, long timeMicros);
}

namespace Archiver.Feeds.Handling;

/// <summary>
/// Turns one exchange's frames into normalized records for an <see cref="IFeedSink"/>. The same handler serves a live
/// connection and a replay of captured frames, so both produce the same records. A handler is used by one thread at a
/// time. It never throws for bad input: a malformed frame is counted, reported as an event and skipped.
/// </summary>
public interface IFrameHandler
{
    /// <summary>
    /// Processes one complete text frame received at <paramref name="receiveMicros"/> (µs UTC). A negative receive time
    /// means it is unknown (a bare frame being replayed): the handler then uses the frame's exchange event time as the
    /// receive time, so every record lands in the hour it belongs to.
    /// </summary>
    void OnFrame(ReadOnlySpan<byte> frame, long receiveMicros);

    /// <summary>
    /// The connection carrying this handler's streams is open (again). After a reconnect the next record of every
    /// stream is flagged as the first after a (re)sync and gaps are reported with the outage interval.
    /// </summary>
    void OnConnected(long timeMicros, bool isReconnect);

    /// <summary>The connection was lost at <paramref name="timeMicros"/>.</summary>
    void OnDisconnected(long timeMicros);

    /// <summary>Frames that could not be understood, since the handler was created.</summary>
    long MalformedFrames { get; }
}

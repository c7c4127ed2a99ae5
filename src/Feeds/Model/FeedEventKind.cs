namespace Archiver.Feeds.Model;

/// <summary>Connection and stream events, each reported to <see cref="IFeedSink.OnEvent"/> and logged.</summary>
public enum FeedEventKind : byte
{
    /// <summary>A websocket connection opened.</summary>
    Connected = 1,

    /// <summary>A connection was lost; <see cref="FeedEvent.DurationMicros"/> is filled in on reconnect.</summary>
    Disconnected = 2,

    /// <summary>The exchange acknowledged a subscription (which proves nothing until data flows).</summary>
    Subscribed = 3,

    /// <summary>A subscribed stream stayed silent longer than its channel warrants; it is being resubscribed.</summary>
    StreamStale = 4,

    /// <summary>Data was lost: a sequence break, an id gap or a disconnect interval.</summary>
    GapDetected = 5,

    /// <summary>A stream's state was rebuilt from a fresh snapshot after a gap.</summary>
    Resynced = 6,

    /// <summary>A frame could not be understood; it was counted and skipped.</summary>
    MalformedFrame = 7,

    /// <summary>The exchange refused a request (a failed subscribe, an error reply).</summary>
    ExchangeError = 8,

    /// <summary>A connection was replaced before its exchange-imposed lifetime ran out (Binance's 24 h).</summary>
    Rotated = 9,
}

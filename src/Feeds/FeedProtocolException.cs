namespace Archiver.Feeds;

/// <summary>
/// A frame or a reply that does not follow the exchange's protocol. Handlers catch it, count the frame as malformed and
/// report it with the exchange, the stream and a short sample of the frame; it never ends a connection.
/// </summary>
public sealed class FeedProtocolException : Exception
{
    public FeedProtocolException(string message)
        : base(message)
    {
    }

    public FeedProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace Archiver.Feeds.Connections;

/// <summary>What <see cref="WebSocketFrameReader.ReadAsync"/> found.</summary>
internal enum FrameReadKind : byte
{
    /// <summary>A complete text message, in <see cref="WebSocketFrameReader.Message"/>.</summary>
    Text = 1,

    /// <summary>A message longer than the limit; it was read to its end and discarded.</summary>
    Oversized = 2,

    /// <summary>A binary message (the exchanges send text); discarded.</summary>
    Binary = 3,

    /// <summary>The server sent a close frame.</summary>
    Closed = 4,
}

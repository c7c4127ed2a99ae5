using System.Net.WebSockets;

namespace Archiver.Feeds.Connections;

/// <summary>One message read by <see cref="WebSocketFrameReader"/>.</summary>
/// <param name="Kind">What arrived.</param>
/// <param name="Bytes">The message's length (for an oversized message: every byte received, all discarded).</param>
/// <param name="ReceiveMicros">When its last fragment arrived, µs UTC.</param>
/// <param name="CloseStatus">For <see cref="FrameReadKind.Closed"/>: the server's close status.</param>
/// <param name="CloseDescription">For <see cref="FrameReadKind.Closed"/>: the server's close reason.</param>
internal readonly record struct FrameReadResult(
    FrameReadKind Kind,
    long Bytes,
    long ReceiveMicros,
    WebSocketCloseStatus? CloseStatus = null,
    string? CloseDescription = null);

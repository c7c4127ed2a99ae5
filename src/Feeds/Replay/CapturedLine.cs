using Archiver.Feeds.Capture;

namespace Archiver.Feeds.Replay;

/// <summary>
/// One line of a replay file: a frame with its receive time (-1 when the line was a bare frame), or a connection
/// event. <see cref="Frame"/> points into the reader's buffer and is valid until the next read.
/// </summary>
public readonly record struct CapturedLine(CapturedLineKind Kind, ReadOnlyMemory<byte> Frame, long ReceiveMicros, long LineNumber);

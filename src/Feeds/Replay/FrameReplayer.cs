using Archiver.Feeds.Capture;
using Archiver.Feeds.Handling;

namespace Archiver.Feeds.Replay;

/// <summary>
/// Feeds a replay input through a frame handler: the same handler a live connection uses, so a replay produces the
/// records the live service would have. Connection events in a capture are replayed too, so gaps are flagged the same.
/// </summary>
public static class FrameReplayer
{
    public static ReplaySummary Run(CapturedFrameReader reader, IFrameHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(handler);
        long lines = 0, frames = 0, events = 0, bare = 0;
        while (reader.TryRead(out var line))
        {
            if ((++lines & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            switch (line.Kind)
            {
                case CapturedLineKind.Frame:
                    frames++;
                    if (line.ReceiveMicros < 0) bare++;
                    handler.OnFrame(line.Frame.Span, line.ReceiveMicros);
                    break;
                case CapturedLineKind.Connected:
                    events++;
                    handler.OnConnected(line.ReceiveMicros, isReconnect: false);
                    break;
                case CapturedLineKind.Reconnected:
                    events++;
                    handler.OnConnected(line.ReceiveMicros, isReconnect: true);
                    break;
                case CapturedLineKind.Disconnected:
                    events++;
                    handler.OnDisconnected(line.ReceiveMicros);
                    break;
            }
        }

        return new ReplaySummary(lines, frames, events, bare);
    }
}

using Archiver.Feeds.Handling;

namespace Archiver.Feeds.Capture;

/// <summary>Writes every frame and connection event to a raw capture, then passes it on.</summary>
public sealed class CapturingFrameHandler(IFrameHandler inner, IRawCapture capture) : IFrameHandler
{
    private bool _connectedBefore;

    public long MalformedFrames => inner.MalformedFrames;

    public void OnFrame(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        capture.WriteFrame(frame, receiveMicros);
        inner.OnFrame(frame, receiveMicros);
    }

    public void OnConnected(long timeMicros, bool isReconnect)
    {
        capture.WriteEvent(isReconnect || _connectedBefore ? CapturedLineKind.Reconnected : CapturedLineKind.Connected, timeMicros);
        _connectedBefore = true;
        inner.OnConnected(timeMicros, isReconnect);
    }

    public void OnDisconnected(long timeMicros)
    {
        capture.WriteEvent(CapturedLineKind.Disconnected, timeMicros);
        inner.OnDisconnected(timeMicros);
    }
}

namespace Archiver.Feeds.Capture;

/// <summary>Where <see cref="CapturingFrameHandler"/> writes frames and connection events. Thread-safe.</summary>
public interface IRawCapture
{
    void WriteFrame(ReadOnlySpan<byte> frame, long receiveMicros);

    void WriteEvent(CapturedLineKind kind, long timeMicros);
}

using System.Text;
using Archiver.Feeds.Handling;

namespace Archiver.Feeds.Tests.Capture;

/// <summary>Records what a replay hands to a frame handler.</summary>
internal sealed class RecordingFrameHandler : IFrameHandler
{
    public List<string> Calls { get; } = [];

    public long MalformedFrames => 0;

    public void OnFrame(ReadOnlySpan<byte> frame, long receiveMicros) => Calls.Add($"frame {receiveMicros} {Encoding.UTF8.GetString(frame)}");

    public void OnConnected(long timeMicros, bool isReconnect) => Calls.Add($"connected {timeMicros} {isReconnect}");

    public void OnDisconnected(long timeMicros) => Calls.Add($"disconnected {timeMicros}");
}

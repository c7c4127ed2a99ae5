using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

/// <summary>Records the requests a handler makes of its connection.</summary>
internal sealed class RecordingFeedControl : IFeedControl
{
    public List<(StreamKey Stream, string Reason)> Resubscribes { get; } = [];

    public void Resubscribe(StreamKey stream, string reason) => Resubscribes.Add((stream, reason));
}

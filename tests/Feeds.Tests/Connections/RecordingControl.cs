using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Connections;

/// <summary>Records resubscribe requests.</summary>
internal sealed class RecordingControl : IFeedControl
{
    public Observed<(StreamKey Stream, string Reason)> Requests { get; } = new();

    public void Resubscribe(StreamKey stream, string reason) => Requests.Add((stream, reason));
}

using Archiver.Feeds.Model;

namespace Archiver.Feeds.Handling;

/// <summary>What a frame handler may ask of the connection that feeds it (nothing, during a replay).</summary>
public interface IFeedControl
{
    /// <summary>Unsubscribes and subscribes <paramref name="stream"/> again to obtain a fresh snapshot.</summary>
    void Resubscribe(StreamKey stream, string reason);

    /// <summary>A control that ignores every request (replays, tests).</summary>
    static IFeedControl None { get; } = new NoFeedControl();

    private sealed class NoFeedControl : IFeedControl
    {
        public void Resubscribe(StreamKey stream, string reason)
        {
        }
    }
}

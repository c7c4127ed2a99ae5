using Archiver.Feeds.Bybit;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Bybit;

/// <summary>A BTCUSDT (book and trades) handler wired to a recording sink and control, with a fixed clock.</summary>
internal sealed class BybitTestHandler
{
    public static readonly StreamKey Book = new(ExchangeId.Bybit, "BTCUSDT", StreamKind.Book);
    public static readonly StreamKey Trades = new(ExchangeId.Bybit, "BTCUSDT", StreamKind.Trades);

    /// <summary>The fixed "now" of the test clock: 2026-01-15T12:00:00Z.</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public BybitTestHandler(int depth = 5)
    {
        Handler = new BybitFrameHandler([Book, Trades], depth, Sink, Control, new FixedTimeProvider(Now));
    }

    public RecordingSink Sink { get; } = new();

    public RecordingFeedControl Control { get; } = new();

    public BybitFrameHandler Handler { get; }

    /// <summary>Feeds <paramref name="frames"/>, the i-th received at <paramref name="firstReceiveMicros"/> + i ms.</summary>
    public void Feed(IEnumerable<byte[]> frames, long firstReceiveMicros = 1_768_478_400_000_000)
    {
        var i = 0;
        foreach (var frame in frames) Handler.OnFrame(frame, firstReceiveMicros + 1000L * i++);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

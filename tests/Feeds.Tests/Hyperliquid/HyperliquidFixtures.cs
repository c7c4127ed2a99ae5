using System.Text;
using Archiver.Feeds.Hyperliquid;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Hyperliquid;

/// <summary>
/// The Hyperliquid wire fixtures (one frame per line, copied beside the test assembly): <c>connect.jsonl</c> is a first
/// connection, <c>reconnect.jsonl</c> what the server sends after a reconnect. Each frame is fed with a receive time
/// of <see cref="ReceiveBase"/> plus its line index (connect) or <see cref="ReconnectReceiveBase"/> plus it (reconnect).
/// </summary>
internal static class HyperliquidFixtures
{
    /// <summary>2026-01-01T00:00:00Z in ms, the fixtures' reference time.</summary>
    public const long T0Millis = 1_767_225_600_000;

    public const long ReceiveBase = (T0Millis * 1000) + 9_000_000;

    public const long DisconnectedAt = (T0Millis * 1000) + 6_000_000;

    public const long ReconnectedAt = (T0Millis * 1000) + 26_000_000;

    public const long ReconnectReceiveBase = (T0Millis * 1000) + 30_000_000;

    public static readonly StreamKey BtcBook = new(ExchangeId.Hyperliquid, "BTC", StreamKind.Book);
    public static readonly StreamKey BtcTrades = new(ExchangeId.Hyperliquid, "BTC", StreamKind.Trades);
    public static readonly StreamKey EthBook = new(ExchangeId.Hyperliquid, "ETH", StreamKind.Book);
    public static readonly StreamKey EthTrades = new(ExchangeId.Hyperliquid, "ETH", StreamKind.Trades);

    public static IReadOnlyList<StreamKey> AllStreams { get; } = [BtcBook, BtcTrades, EthBook, EthTrades];

    public static byte[][] Lines(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hyperliquid", name), Encoding.UTF8)
            .Where(line => line.Length > 0)
            .Select(Encoding.UTF8.GetBytes)
            .ToArray();

    public static HyperliquidFrameHandler NewHandler(IFeedSink sink, int depth = 20) =>
        new(AllStreams, depth, sink, Handling.IFeedControl.None, TimeProvider.System);

    /// <summary>Feeds <c>connect.jsonl</c> after <see cref="HyperliquidFrameHandler.OnConnected"/>.</summary>
    public static void FeedConnect(HyperliquidFrameHandler handler, bool unknownReceiveTimes = false)
    {
        handler.OnConnected((T0Millis * 1000) - 100_000_000, isReconnect: false);
        var lines = Lines("connect.jsonl");
        for (var i = 0; i < lines.Length; i++) handler.OnFrame(lines[i], unknownReceiveTimes ? -1 : ReceiveBase + i);
    }

    /// <summary>Disconnects, reconnects and feeds <c>reconnect.jsonl</c>.</summary>
    public static void FeedReconnect(HyperliquidFrameHandler handler)
    {
        handler.OnDisconnected(DisconnectedAt);
        handler.OnConnected(ReconnectedAt, isReconnect: true);
        var lines = Lines("reconnect.jsonl");
        for (var i = 0; i < lines.Length; i++) handler.OnFrame(lines[i], ReconnectReceiveBase + i);
    }
}

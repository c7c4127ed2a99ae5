using System.Globalization;
using System.Text;
using System.Text.Json;
using Archiver.Feeds.Binance;
using Archiver.Feeds.Handling;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Binance;

/// <summary>Fixture frames (copied beside the test assembly), the handler set-up the tests share, and an oracle.</summary>
internal static class BinanceFixture
{
    /// <summary>2026-01-01T00:00:00Z, the fixtures' base time, in µs.</summary>
    public const long BaseMicros = 1_767_225_600_000_000;

    public static readonly StreamKey BtcBook = new(ExchangeId.Binance, "BTCUSDT", StreamKind.Book);
    public static readonly StreamKey BtcTrades = new(ExchangeId.Binance, "BTCUSDT", StreamKind.Trades);
    public static readonly StreamKey EthBook = new(ExchangeId.Binance, "ETHUSDT", StreamKind.Book);
    public static readonly StreamKey EthTrades = new(ExchangeId.Binance, "ETHUSDT", StreamKind.Trades);
    public static readonly StreamKey[] AllStreams = [BtcBook, BtcTrades, EthBook, EthTrades];

    public static readonly ManualTimeProvider Clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_900_000));

    public static string[] Lines(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "binance", name)).Where(l => l.Length > 0).ToArray();

    /// <summary>The receive time the tests give line <paramref name="index"/>: a second after the base, plus 1 ms per line.</summary>
    public static long ReceiveMicros(int index) => BaseMicros + 1_000_000 + (index * 1_000L);

    public static BinanceFrameHandler Handler(RecordingSink sink, int depth = 20, IReadOnlyList<StreamKey>? streams = null) =>
        new(streams ?? AllStreams, depth, sink, IFeedControl.None, Clock);

    public static void Feed(IFrameHandler handler, IEnumerable<string> lines)
    {
        var index = 0;
        foreach (var line in lines)
        {
            handler.OnFrame(Encoding.UTF8.GetBytes(line), ReceiveMicros(index));
            index++;
        }
    }

    /// <summary>An independent reading of a depth frame's levels: System.Text.Json's DOM and <see cref="double.Parse(string)"/>.</summary>
    public static (double[] BidPrices, double[] BidSizes, double[] AskPrices, double[] AskSizes) Levels(string line)
    {
        using var document = JsonDocument.Parse(line);
        var data = document.RootElement.GetProperty("data");
        return (Column(data, "b", 0), Column(data, "b", 1), Column(data, "a", 0), Column(data, "a", 1));
    }

    private static double[] Column(JsonElement data, string side, int column) =>
        data.GetProperty(side).EnumerateArray().Select(l => double.Parse(l[column].GetString()!, CultureInfo.InvariantCulture)).ToArray();
}

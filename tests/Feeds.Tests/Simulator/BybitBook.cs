using System.Globalization;
using System.Text.Json;

namespace Archiver.Feeds.Tests.Simulator;

/// <summary>A client-side Bybit book built the documented way: a snapshot replaces it, a delta sets or (size "0")
/// deletes levels.</summary>
internal sealed class BybitBook
{
    private readonly SortedDictionary<decimal, string> _bids = new(Comparer<decimal>.Create((x, y) => y.CompareTo(x)));
    private readonly SortedDictionary<decimal, string> _asks = [];

    public long UpdateId { get; private set; }

    public long Sequence { get; private set; }

    public int BidCount => _bids.Count;

    public int AskCount => _asks.Count;

    public decimal BestBid => _bids.Keys.First();

    public decimal BestAsk => _asks.Keys.First();

    public void Apply(JsonElement message)
    {
        var data = message.GetProperty("data");
        if (message.GetProperty("type").GetString() == "snapshot")
        {
            _bids.Clear();
            _asks.Clear();
        }

        Set(_bids, data.GetProperty("b"));
        Set(_asks, data.GetProperty("a"));
        UpdateId = data.GetProperty("u").GetInt64();
        Sequence = data.GetProperty("seq").GetInt64();
    }

    public bool SameLevels(BybitBook other) =>
        _bids.SequenceEqual(other._bids) && _asks.SequenceEqual(other._asks);

    private static void Set(SortedDictionary<decimal, string> side, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            var price = decimal.Parse(level[0].GetString()!, CultureInfo.InvariantCulture);
            var size = level[1].GetString()!;
            if (decimal.Parse(size, CultureInfo.InvariantCulture) == 0) side.Remove(price);
            else side[price] = size;
        }
    }
}

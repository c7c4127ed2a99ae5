namespace Archiver.Store;

/// <summary>
/// One on-disk aggregation: every write to a bucket whose key matches <see cref="On"/> (<c>*</c> = one whole key part,
/// e.g. <c>*/1Min/OHLCV</c>) recomputes the touched windows of each destination timeframe (Open first, High max, Low
/// min, Close last, Volume sum) into <c>SYM/&lt;destination&gt;/ATTR</c>.
/// </summary>
public sealed class AggregationRule
{
    public string On { get; set; } = "*/1Min/OHLCV";

    public List<string> Destinations { get; set; } = [];
}

using Archiver.Store.Buckets;

namespace Archiver.Store.Aggregation;

/// <summary>
/// The <c>On</c> pattern of an <see cref="AggregationRule"/>: <c>SYMBOL/TIMEFRAME/ATTRGROUP</c> where each part is a
/// name (matched exactly, case-sensitive; a timeframe by its spelling) or <c>*</c> for any value of that whole part.
/// </summary>
public sealed class AggregationKeyPattern
{
    private readonly string?[] _parts;

    private AggregationKeyPattern(string text, string?[] parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>Parses a pattern such as <c>*/1Min/OHLCV</c>; throws <see cref="StoreException"/> on anything else.</summary>
    public static AggregationKeyPattern Parse(string? text)
    {
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length != 3)
            throw new StoreException($"aggregation pattern '{text}' must be SYMBOL/TIMEFRAME/ATTRGROUP with * for any part, e.g. */1Min/OHLCV");
        var parsed = new string?[3];
        for (var i = 0; i < 3; i++)
        {
            if (parts[i] == "*") continue;
            if (!BucketKey.IsValidPart(parts[i]) || (i == 1 && !Timeframe.TryParseBucket(parts[i], out _)))
                throw new StoreException($"aggregation pattern '{text}': '{parts[i]}' is neither * nor a valid {(i == 1 ? "timeframe" : "name")}");
            parsed[i] = parts[i];
        }

        return new AggregationKeyPattern(text!, parsed);
    }

    public bool Matches(BucketKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Part(0, key.Symbol) && Part(1, key.Timeframe.Name) && Part(2, key.AttributeGroup);
    }

    private bool Part(int i, string value) => _parts[i] is null || string.Equals(_parts[i], value, StringComparison.Ordinal);

    public override string ToString() => Text;
}

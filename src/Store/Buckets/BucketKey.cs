namespace Archiver.Store.Buckets;

/// <summary>
/// A time bucket key <c>SYMBOL/TIMEFRAME/ATTRGROUP</c>. Names are case-sensitive and become directory names, so a
/// part may not be empty, <c>.</c> or <c>..</c>, or contain <c>/</c>, <c>\</c>, <c>,</c>, <c>:</c>, <c>*</c> or control
/// characters. The timeframe must parse as a bucket timeframe.
/// </summary>
public sealed record BucketKey
{
    /// <summary>The category suffix MarketStore puts on keys in query results.</summary>
    public const string DefaultCategories = "Symbol/Timeframe/AttributeGroup";

    /// <summary>Longest allowed part, in UTF-16 chars.</summary>
    public const int MaxPartLength = 128;

    public BucketKey(string symbol, string timeframe, string attributeGroup)
    {
        Validate(symbol, "symbol");
        Validate(timeframe, "timeframe");
        Validate(attributeGroup, "attribute group");
        Symbol = symbol;
        Timeframe = Buckets.Timeframe.ParseBucket(timeframe);
        AttributeGroup = attributeGroup;
    }

    public string Symbol { get; }

    public Timeframe Timeframe { get; }

    public string AttributeGroup { get; }

    /// <summary>Parses <c>SYM/TF/ATTR</c>, optionally followed by <c>:categories</c> (ignored); throws <see cref="StoreException"/>.</summary>
    public static BucketKey Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) throw new StoreException("destinations must have a Symbol, Timeframe and AttributeGroup, have: ");
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var items = colon < 0 ? text : text[..colon];
        var parts = items.Split('/');
        if (parts.Length != 3)
            throw new StoreException($"destinations must have a Symbol, Timeframe and AttributeGroup, have: {text}");
        return new BucketKey(parts[0], parts[1], parts[2]);
    }

    /// <summary>Whether <paramref name="part"/> can be a key part (see the type's remarks).</summary>
    public static bool IsValidPart(string? part) => Problem(part) is null;

    private static void Validate(string? part, string what)
    {
        var problem = Problem(part);
        if (problem is not null) throw new StoreException($"invalid {what} '{part}': {problem}");
    }

    private static string? Problem(string? part)
    {
        if (string.IsNullOrEmpty(part)) return "empty";
        if (part.Length > MaxPartLength) return $"longer than {MaxPartLength} characters";
        if (part is "." or "..") return "'.' and '..' are not names";
        foreach (var c in part)
        {
            if (c is '/' or '\\' or ',' or ':' or '*' || char.IsControl(c)) return $"'{(char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString())}' is not allowed";
        }

        return null;
    }

    /// <summary><c>SYM/TF/ATTR</c> (built once: every logged write names its key).</summary>
    public override string ToString() => _text ??= $"{Symbol}/{Timeframe.Name}/{AttributeGroup}";

    private string? _text;

    /// <summary><c>SYM/TF/ATTR:Symbol/Timeframe/AttributeGroup</c>, the form in query results.</summary>
    public string ToStringWithCategories() => $"{this}:{DefaultCategories}";

    public bool Equals(BucketKey? other) =>
        other is not null && string.Equals(Symbol, other.Symbol, StringComparison.Ordinal)
        && string.Equals(Timeframe.Name, other.Timeframe.Name, StringComparison.Ordinal)
        && string.Equals(AttributeGroup, other.AttributeGroup, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Symbol, Timeframe.Name, AttributeGroup);
}

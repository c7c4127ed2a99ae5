using Archiver.Store.Buckets;

namespace Archiver.Store.Query;

/// <summary>
/// One MarketStore query (a <c>QueryRequest</c> of <c>DataService.Query</c>): a destination
/// <c>SYM[,SYM2…]/TF/ATTR</c> (or <c>*/TF/ATTR</c>), an inclusive range, a limit (last rows unless
/// <see cref="FromStart"/>), a projection and a function pipeline.
/// </summary>
public sealed record QueryRequest
{
    public required string Destination { get; init; }

    /// <summary>Inclusive start; null = from the beginning.</summary>
    public StoreTime? Start { get; init; }

    /// <summary>Inclusive end; null = no end.</summary>
    public StoreTime? End { get; init; }

    /// <summary>0 = no limit.</summary>
    public long Limit { get; init; }

    public bool FromStart { get; init; }

    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Function calls applied in order to each symbol's series, e.g. <c>candlecandler('5Min',Open,High,Low,Close)</c>.</summary>
    public IReadOnlyList<string>? Functions { get; init; }

    /// <summary>Memory for the columns read from the store (see <see cref="ReadRequest.Buffers"/>); null: new arrays.</summary>
    public ReadBuffers? Buffers { get; init; }
}

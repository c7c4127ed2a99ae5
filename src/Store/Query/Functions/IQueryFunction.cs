using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// A query-time function (MarketStore's UDA): takes one symbol's series and returns a new series that replaces it,
/// Epoch first. Implementations keep no state between calls and are safe to share between threads.
/// </summary>
public interface IQueryFunction
{
    /// <summary>The lower-case name the registry finds it under.</summary>
    string Name { get; }

    FunctionSignature Signature { get; }

    /// <summary>Checks the literals when the call is parsed (before any data is read).</summary>
    void ValidateLiterals(IReadOnlyList<string> literals);

    ColumnSeries Apply(ColumnSeries input, FunctionArguments arguments);
}

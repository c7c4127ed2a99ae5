using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// A query's <c>functions</c>: parsed and bound once, then applied in order to each symbol's series, each call getting
/// the previous call's output.
/// </summary>
public sealed class FunctionPipeline
{
    private readonly (IQueryFunction Function, FunctionCall Call, FunctionInputs Inputs)[] _steps;

    private FunctionPipeline((IQueryFunction, FunctionCall, FunctionInputs)[] steps) => _steps = steps;

    public static FunctionPipeline Empty { get; } = new([]);

    public bool IsEmpty => _steps.Length == 0;

    /// <summary>Parses every call, finds its function, checks its literals and binds its parameters.</summary>
    public static FunctionPipeline Parse(IReadOnlyList<string>? calls)
    {
        if (calls is null || calls.Count == 0) return Empty;
        var steps = new (IQueryFunction, FunctionCall, FunctionInputs)[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            var call = FunctionCall.Parse(calls[i]);
            var function = FunctionRegistry.Find(call.Name);
            function.ValidateLiterals(call.Literals);
            steps[i] = (function, call, function.Signature.Bind(function.Name, call.Parameters));
        }

        return new FunctionPipeline(steps);
    }

    /// <summary>Runs the calls in order on <paramref name="series"/>.</summary>
    public ColumnSeries Apply(ColumnSeries series, long nowSeconds)
    {
        foreach (var (function, call, inputs) in _steps)
            series = function.Apply(series, new FunctionArguments(call.Literals, inputs, nowSeconds));
        return series;
    }
}

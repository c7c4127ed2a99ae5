using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary><c>count(col)</c>: one row, <c>Epoch i8</c> = now, <c>Count i8</c> = number of input rows (the column only binds).</summary>
public sealed class CountFunction : IQueryFunction
{
    private static readonly FunctionSignature Inputs = new(["Input"], []);

    public string Name => "count";

    public FunctionSignature Signature => Inputs;

    public void ValidateLiterals(IReadOnlyList<string> literals) { }

    public ColumnSeries Apply(ColumnSeries input, FunctionArguments arguments) =>
        ScalarOutput.Create(arguments.NowSeconds, "Count", ColumnType.I8, (long)input.RowCount);
}

using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// <c>avg(col)</c>: one row, <c>Epoch i8</c> = now, <c>Avg f8</c> = the mean of the column's values cast to float32
/// and summed in float64 (MarketStore's arithmetic); NaN for zero rows.
/// </summary>
public sealed class AvgFunction : IQueryFunction
{
    private static readonly FunctionSignature Inputs = new(["Input"], []);

    public string Name => "avg";

    public FunctionSignature Signature => Inputs;

    public void ValidateLiterals(IReadOnlyList<string> literals) { }

    public ColumnSeries Apply(ColumnSeries input, FunctionArguments arguments)
    {
        using var values = new RentedBuffer<float>(input.RowCount);
        NumericColumns.ReadAveraged(input, Name, arguments.Inputs["Input"], values.Span);
        var sum = 0.0;
        foreach (var v in values.Span) sum += v;
        return ScalarOutput.Create(arguments.NowSeconds, "Avg", ColumnType.F8, input.RowCount == 0 ? double.NaN : sum / input.RowCount);
    }
}

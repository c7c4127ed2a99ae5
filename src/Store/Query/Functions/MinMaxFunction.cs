using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// <c>min(col)</c> and <c>max(col)</c>: one row, <c>Epoch i8</c> = now, <c>Min f4</c> / <c>Max f4</c> over the
/// column's values cast to float32; 0 for zero rows.
/// </summary>
public sealed class MinMaxFunction : IQueryFunction
{
    private static readonly FunctionSignature Inputs = new(["Input"], []);
    private readonly bool _isMax;

    public MinMaxFunction(bool isMax) => _isMax = isMax;

    public string Name => _isMax ? "max" : "min";

    public FunctionSignature Signature => Inputs;

    public void ValidateLiterals(IReadOnlyList<string> literals) { }

    public ColumnSeries Apply(ColumnSeries input, FunctionArguments arguments)
    {
        using var values = new RentedBuffer<float>(input.RowCount);
        NumericColumns.ReadAveraged(input, Name, arguments.Inputs["Input"], values.Span);
        var result = 0f;
        var span = values.Span;
        if (!span.IsEmpty)
        {
            result = span[0];
            foreach (var v in span[1..])
            {
                if (_isMax ? v > result : v < result) result = v;
            }
        }

        return ScalarOutput.Create(arguments.NowSeconds, _isMax ? "Max" : "Min", ColumnType.F4, result);
    }
}

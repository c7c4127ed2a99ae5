using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// <c>candlecandler('&lt;tf&gt;', Open, High, Low, Close [, Sum::X…] [, Avg::X…])</c>: re-candles OHLC rows into
/// larger candles. Each of Open/High/Low/Close may be bound to several columns (<c>Open::A, Open::B</c>), which are then
/// averaged per row.
/// </summary>
public sealed class CandleCandlerFunction : CandleFunction
{
    private static readonly FunctionSignature Inputs = new(["Open", "High", "Low", "Close"], [SumInput, AvgInput]);

    public override string Name => "candlecandler";

    public override FunctionSignature Signature => Inputs;

    protected override void ReadOpen(ColumnSeries series, FunctionInputs inputs, Span<float> destination) =>
        NumericColumns.ReadAveraged(series, Name, inputs["Open"], destination);

    protected override void ReadHigh(ColumnSeries series, FunctionInputs inputs, Span<float> destination) =>
        NumericColumns.ReadAveraged(series, Name, inputs["High"], destination);

    protected override void ReadLow(ColumnSeries series, FunctionInputs inputs, Span<float> destination) =>
        NumericColumns.ReadAveraged(series, Name, inputs["Low"], destination);

    protected override void ReadClose(ColumnSeries series, FunctionInputs inputs, Span<float> destination) =>
        NumericColumns.ReadAveraged(series, Name, inputs["Close"], destination);
}

using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// <c>tickcandler('&lt;tf&gt;', Price [, Sum::X] [, Avg::X])</c>: candles from ticks, each tick's price serving as its
/// open, high, low and close. The price input (<c>CandlePrice</c>) may be bound to several columns
/// (<c>CandlePrice::Bid, CandlePrice::Ask</c>), averaged per row.
/// </summary>
public sealed class TickCandlerFunction : CandleFunction
{
    public const string PriceInput = "CandlePrice";

    private static readonly FunctionSignature Inputs = new([PriceInput], [SumInput, AvgInput]);

    public override string Name => "tickcandler";

    public override FunctionSignature Signature => Inputs;

    protected override bool UsesOnePrice => true;

    protected override void ReadOpen(ColumnSeries series, FunctionInputs inputs, Span<float> destination) =>
        NumericColumns.ReadAveraged(series, Name, inputs[PriceInput], destination);

    protected override void ReadHigh(ColumnSeries series, FunctionInputs inputs, Span<float> destination) =>
        ReadOpen(series, inputs, destination);

    protected override void ReadLow(ColumnSeries series, FunctionInputs inputs, Span<float> destination) =>
        ReadOpen(series, inputs, destination);

    protected override void ReadClose(ColumnSeries series, FunctionInputs inputs, Span<float> destination) =>
        ReadOpen(series, inputs, destination);
}

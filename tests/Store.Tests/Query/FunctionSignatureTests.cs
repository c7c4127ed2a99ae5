using Archiver.Store.Buckets;
using Archiver.Store.Query.Functions;

namespace Archiver.Store.Tests.Query;

public sealed class FunctionSignatureTests
{
    private static readonly FunctionSignature Candle = new CandleCandlerFunction().Signature;

    [Fact]
    public void Positional_parameters_bind_to_the_required_inputs_in_order()
    {
        var inputs = Candle.Bind("candlecandler", ["O", "H", "L", "C"]);
        Assert.Equal(["O"], inputs["Open"]);
        Assert.Equal(["H"], inputs["High"]);
        Assert.Equal(["L"], inputs["Low"]);
        Assert.Equal(["C"], inputs["Close"]);
        Assert.False(inputs.IsBound("Sum"));
        Assert.Empty(inputs["Avg"]);
    }

    [Fact]
    public void Named_bindings_come_first_and_positional_ones_fill_the_remaining_required_inputs()
    {
        var inputs = Candle.Bind("candlecandler", ["H", "Close::Last", "L", "Open::First", "Sum::Volume", "sum::Trades"]);
        Assert.Equal(["First"], inputs["Open"]);
        Assert.Equal(["H"], inputs["High"]);
        Assert.Equal(["L"], inputs["Low"]);
        Assert.Equal(["Last"], inputs["Close"]);
        Assert.Equal(["Volume", "Trades"], inputs["Sum"]);
    }

    [Fact]
    public void Repeated_named_binding_collects_several_columns_for_one_input()
    {
        var inputs = new TickCandlerFunction().Signature.Bind("tickcandler", ["CandlePrice::Bid", "CandlePrice::Ask"]);
        Assert.Equal(["Bid", "Ask"], inputs["CandlePrice"]);
    }

    [Fact]
    public void Two_leftover_positional_parameters_bind_to_sum_then_avg()
    {
        var inputs = Candle.Bind("candlecandler", ["O", "H", "L", "C", "Volume", "Trades"]);
        Assert.Equal(["Volume"], inputs["Sum"]);
        Assert.Equal(["Trades"], inputs["Avg"]);
    }

    [Fact]
    public void One_leftover_positional_parameter_binds_to_sum_instead_of_copying_the_upstream_off_by_one()
    {
        var inputs = Candle.Bind("candlecandler", ["O", "H", "L", "C", "Volume"]);
        Assert.Equal(["Volume"], inputs["Sum"]);
        Assert.False(inputs.IsBound("Avg"));
    }

    [Fact]
    public void Leftover_positional_parameter_skips_optional_inputs_already_bound_by_name()
    {
        var inputs = Candle.Bind("candlecandler", ["O", "H", "L", "C", "Sum::Volume", "Trades"]);
        Assert.Equal(["Volume"], inputs["Sum"]);
        Assert.Equal(["Trades"], inputs["Avg"]);
    }

    [Fact]
    public void Fewer_parameters_than_required_inputs_fail_with_have_and_need()
    {
        var e = Assert.Throws<StoreException>(() => Candle.Bind("candlecandler", ["Open", "High"]));
        Assert.Equal("candlecandler: have [Open High], need [Open High Low Close]", e.Message);
    }

    [Fact]
    public void Required_inputs_left_without_a_positional_parameter_fail_with_insufficient_args()
    {
        var e = Assert.Throws<StoreException>(() => Candle.Bind("candlecandler", ["Open::O", "High::H", "Low::L", "Sum::V"]));
        Assert.Equal("candlecandler: insufficient args: have [Open::O High::H Low::L Sum::V], required [Open High Low Close]", e.Message);
    }

    [Fact]
    public void More_leftovers_than_optional_inputs_fail_with_extra_args()
    {
        var e = Assert.Throws<StoreException>(() => Candle.Bind("candlecandler", ["O", "H", "L", "C", "V", "T", "X"]));
        Assert.Equal("candlecandler: extra args used: have [O H L C V T X], required [Open High Low Close], optional [Sum Avg]", e.Message);
        var count = Assert.Throws<StoreException>(() => new CountFunction().Signature.Bind("count", ["A", "B"]));
        Assert.StartsWith("count: extra args used: have [A B]", count.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_binding_to_an_input_the_function_does_not_have_is_an_error()
    {
        var e = Assert.Throws<StoreException>(() => Candle.Bind("candlecandler", ["O", "H", "L", "C", "Median::X"]));
        Assert.Equal("candlecandler: no input named Median (inputs: Open, High, Low, Close, Sum, Avg)", e.Message);
    }
}

using Archiver.Store.Buckets;
using Archiver.Store.Query.Functions;

namespace Archiver.Store.Tests.Query;

public sealed class FunctionCallTests
{
    [Fact]
    public void Name_is_the_trimmed_text_before_the_first_parenthesis_and_parameters_are_trimmed()
    {
        var call = FunctionCall.Parse("   AVG (Example)  ");
        Assert.Equal("AVG", call.Name);
        Assert.Empty(call.Literals);
        Assert.Equal(["Example"], call.Parameters);
    }

    [Fact]
    public void Quoted_literals_are_taken_out_before_the_parameters_are_split()
    {
        var call = FunctionCall.Parse("candlecandler('5Min',Open,High,Low,Close)");
        Assert.Equal("candlecandler", call.Name);
        Assert.Equal(["5Min"], call.Literals);
        Assert.Equal(["Open", "High", "Low", "Close"], call.Parameters);
    }

    [Fact]
    public void Named_bindings_stay_whole_and_empty_tokens_are_dropped()
    {
        var call = FunctionCall.Parse("tickcandler( '1H' , CandlePrice::Bid,, CandlePrice::Ask , Sum::Size )");
        Assert.Equal(["1H"], call.Literals);
        Assert.Equal(["CandlePrice::Bid", "CandlePrice::Ask", "Sum::Size"], call.Parameters);
    }

    [Fact]
    public void Literal_anywhere_in_the_argument_list_is_collected_in_order()
    {
        var call = FunctionCall.Parse("f(A, 'x y', B, 'z')");
        Assert.Equal(["x y", "z"], call.Literals);
        Assert.Equal(["A", "B"], call.Parameters);
    }

    [Fact]
    public void Empty_argument_list_has_no_literals_or_parameters()
    {
        var call = FunctionCall.Parse("gap()");
        Assert.Equal("gap", call.Name);
        Assert.Empty(call.Literals);
        Assert.Empty(call.Parameters);
    }

    [Theory]
    [InlineData("count", "unable to parse function call count")]
    [InlineData("count Example)", "unable to parse function call count Example)")]
    [InlineData(")count(", "unable to parse function call )count(")]
    [InlineData("(Example)", "unable to parse function call (Example)")]
    [InlineData("gap('1Min)", "unclosed literal '1Min")]
    [InlineData("candlecandler('1H', Open, 'x)", "unclosed literal '1H', Open, 'x")]
    public void Malformed_calls_fail_with_marketstores_texts(string text, string message)
    {
        var e = Assert.Throws<StoreException>(() => FunctionCall.Parse(text));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("AVG")]
    [InlineData("avg")]
    [InlineData("Avg")]
    [InlineData("CandleCandler")]
    [InlineData("TICKCANDLER")]
    [InlineData("VWAP")]
    public void Registry_finds_names_case_insensitively(string name) =>
        Assert.Equal(name.ToLowerInvariant(), FunctionRegistry.Find(name).Name);

    [Fact]
    public void Unknown_function_fails_with_marketstores_text()
    {
        var e = Assert.Throws<StoreException>(() => FunctionPipeline.Parse(["median(Close)"]));
        Assert.Equal("no function in the UDA Registry named \"median\"", e.Message);
    }

    [Fact]
    public void Adjust_is_out_of_scope_and_unknown()
    {
        var e = Assert.Throws<StoreException>(() => FunctionPipeline.Parse(["adjust('split')"]));
        Assert.Equal("no function in the UDA Registry named \"adjust\"", e.Message);
    }

    [Fact]
    public void Bad_timeframe_literal_fails_when_the_pipeline_is_parsed()
    {
        var e = Assert.Throws<StoreException>(() => FunctionPipeline.Parse(["candlecandler('5Q',Open,High,Low,Close)"]));
        Assert.Equal("timeframe not found in \"5Q\"", e.Message);
    }

    [Fact]
    public void Candle_functions_need_a_timeframe_literal()
    {
        var e = Assert.Throws<StoreException>(() => FunctionPipeline.Parse(["candlecandler(Open,High,Low,Close)"]));
        Assert.StartsWith("candlecandler: needs a timeframe literal", e.Message, StringComparison.Ordinal);
    }
}

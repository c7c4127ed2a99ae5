using Archiver.Store.Parquet.Encodings;

namespace Archiver.Store.Tests.Parquet.Encodings;

public class ValueDictionaryTests
{
    [Fact]
    public void Indices_follow_insertion_order_and_are_stable()
    {
        var dict = new ValueDictionary<long>();
        Assert.Equal(0, dict.GetOrAdd(100));
        Assert.Equal(1, dict.GetOrAdd(-5));
        Assert.Equal(0, dict.GetOrAdd(100));
        Assert.Equal(2, dict.GetOrAdd(long.MinValue));
        Assert.Equal(1, dict.GetOrAdd(-5));
        Assert.Equal(3, dict.Count);
        Assert.Equal(new[] { 100L, -5L, long.MinValue }, dict.Values.ToArray());
        Assert.Equal(24, dict.PlainByteSize);
    }

    [Fact]
    public void NaN_is_found_again_and_negative_zero_is_distinct_from_zero()
    {
        var dict = new ValueDictionary<double>();
        Assert.Equal(0, dict.GetOrAdd(double.NaN));
        Assert.Equal(1, dict.GetOrAdd(0.0));
        Assert.Equal(2, dict.GetOrAdd(-0.0));
        Assert.Equal(0, dict.GetOrAdd(double.NaN));
        Assert.Equal(2, dict.GetOrAdd(-0.0));
        Assert.Equal(3, dict.GetOrAdd(BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001))); // another NaN payload
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(dict.Values[2]));

        var floats = new ValueDictionary<float>();
        Assert.Equal(0, floats.GetOrAdd(float.NaN));
        Assert.Equal(1, floats.GetOrAdd(-0f));
        Assert.Equal(2, floats.GetOrAdd(0f));
        Assert.Equal(0, floats.GetOrAdd(float.NaN));
        Assert.Equal(12, floats.PlainByteSize);
    }

    [Fact]
    public void Grows_far_past_the_initial_capacity_keeping_every_index()
    {
        var dict = new ValueDictionary<int>(4);
        var random = new Random(1);
        var values = Enumerable.Range(0, 100_000).Select(i => i * 7919).ToArray();
        for (var i = 0; i < values.Length; i++) Assert.Equal(i, dict.GetOrAdd(values[i]));
        for (var k = 0; k < 10_000; k++)
        {
            var i = random.Next(values.Length);
            Assert.Equal(i, dict.GetOrAdd(values[i]));
        }

        Assert.Equal(values.Length, dict.Count);
        Assert.Equal(values, dict.Values.ToArray());
    }

    [Fact]
    public void Clear_forgets_values_and_the_dictionary_is_reusable()
    {
        var dict = new ValueDictionary<int>(4);
        for (var i = 0; i < 1000; i++) dict.GetOrAdd(i);
        dict.Clear();
        Assert.Equal(0, dict.Count);
        Assert.Equal(0, dict.PlainByteSize);
        Assert.Equal(0, dict.GetOrAdd(999));
        Assert.Equal(1, dict.GetOrAdd(5));
        Assert.Equal(0, dict.GetOrAdd(999));
        Assert.Equal(new[] { 999, 5 }, dict.Values.ToArray());
    }

    [Fact]
    public void Unsupported_element_types_are_refused()
    {
        Assert.Throws<NotSupportedException>(() => new ValueDictionary<short>());
    }
}

using System.Text;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using static Archiver.Store.Tests.Parquet.Encodings.EncodingTestSupport;

namespace Archiver.Store.Tests.Parquet.Encodings;

public class BinaryDictionaryTests
{
    private static int Add(BinaryDictionary d, string s) => d.GetOrAdd(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Indices_follow_insertion_order_and_values_read_back()
    {
        var dict = new BinaryDictionary();
        Assert.Equal(0, Add(dict, "BTC-USD"));
        Assert.Equal(1, Add(dict, ""));
        Assert.Equal(2, Add(dict, "ETH-USD"));
        Assert.Equal(0, Add(dict, "BTC-USD"));
        Assert.Equal(1, Add(dict, ""));
        Assert.Equal(3, dict.Count);
        Assert.Equal("ETH-USD", Encoding.UTF8.GetString(dict[2]));
        Assert.Equal(0, dict[1].Length);
        Assert.Equal((3 * 4) + 14, dict.PlainByteSize);
    }

    [Fact]
    public void WritePlain_produces_a_plain_byte_array_page()
    {
        var dict = new BinaryDictionary();
        Add(dict, "ab");
        Add(dict, "");
        Add(dict, "hello");
        var bytes = Capture(dict.WritePlain);
        Assert.Equal(dict.PlainByteSize, bytes.Length);
        Assert.Equal("0200000061620000000005000000" + "68656C6C6F", Hex(bytes));
        var builder = new BinaryValueBuilder();
        Assert.Equal(bytes.Length, PlainEncoding.DecodeByteArrays(bytes, 3, builder));
        Assert.Equal("hello", Encoding.UTF8.GetString(builder[2]));
    }

    [Fact]
    public void Values_differing_only_in_one_byte_or_in_length_are_distinct()
    {
        var dict = new BinaryDictionary();
        var seen = new List<byte[]>();
        for (var length = 0; length < 40; length++)
        {
            var baseValue = new byte[length];
            seen.Add(baseValue);
            Assert.Equal(seen.Count - 1, dict.GetOrAdd(baseValue));
            for (var at = 0; at < length; at++)
            {
                var v = (byte[])baseValue.Clone();
                v[at] = 1;
                seen.Add(v);
                Assert.Equal(seen.Count - 1, dict.GetOrAdd(v));
            }
        }

        for (var i = 0; i < seen.Count; i++) Assert.Equal(i, dict.GetOrAdd(seen[i]));
    }

    [Fact]
    public void Grows_past_initial_capacity_and_byte_buffer()
    {
        var dict = new BinaryDictionary(4, 64);
        var strings = Enumerable.Range(0, 50_000).Select(i => "symbol-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < strings.Length; i++) Assert.Equal(i, Add(dict, strings[i]));
        for (var i = strings.Length - 1; i >= 0; i -= 97) Assert.Equal(i, Add(dict, strings[i]));
        Assert.Equal(strings.Length, dict.Count);
        Assert.Equal(strings[12345], Encoding.UTF8.GetString(dict[12345]));
        Assert.Equal(strings.Sum(s => 4 + s.Length), dict.PlainByteSize);
    }

    [Fact]
    public void Clear_forgets_values_and_the_dictionary_is_reusable()
    {
        var dict = new BinaryDictionary(4, 64);
        for (var i = 0; i < 1000; i++) Add(dict, "v" + i);
        dict.Clear();
        Assert.Equal(0, dict.Count);
        Assert.Equal(0, dict.PlainByteSize);
        Assert.Equal(0, Add(dict, "v999"));
        Assert.Equal(1, Add(dict, "new"));
        Assert.Equal(0, Add(dict, "v999"));
        Assert.Equal("new", Encoding.UTF8.GetString(dict[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => dict[2].Length);
    }
}

using System.Text;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Encodings;
using static Archiver.Store.Tests.Parquet.Encodings.EncodingTestSupport;

namespace Archiver.Store.Tests.Parquet.Encodings;

/// <summary>DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY.</summary>
public class DeltaByteArrayEncodingsTests
{
    private static (byte[] Data, int[] Offsets) Layout(params string[] values)
    {
        var offsets = new int[values.Length + 1];
        var data = new List<byte>();
        for (var i = 0; i < values.Length; i++)
        {
            data.AddRange(Encoding.UTF8.GetBytes(values[i]));
            offsets[i + 1] = data.Count;
        }

        return (data.ToArray(), offsets);
    }

    private static string[] Strings(BinaryValueBuilder b) =>
        Enumerable.Range(0, b.Count).Select(i => Encoding.UTF8.GetString(b[i])).ToArray();

    // Lengths 5,5,6,6: header 128/4/4 values/first zigzag(5)=10; min delta 0; widths 1,0,0,0; deltas 0,1,0 -> 0x02.
    private static readonly byte[] s_dlbaExample =
    [
        0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
        .. "HelloWorldFoobarABCDEF"u8,
    ];

    // Prefixes 0,2,0,3: first 0; deltas 2,-2,3; min -2 (zigzag 3); relative 4,0,5 at 3 bits -> 0x44 0x01.
    // Suffix lengths 4,2,6,5: first zigzag(4)=8; deltas -2,4,-1; min -2; relative 0,6,1 at 3 bits -> 0x70 0x00.
    private static readonly byte[] s_dbaExample =
    [
        0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x44, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 0x03, 0x00, 0x00, 0x00, 0x70, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        .. "axislebabbleyhood"u8,
    ];

    [Fact]
    public void Delta_length_spec_example_encodes_and_decodes()
    {
        var (data, offsets) = Layout("Hello", "World", "Foobar", "ABCDEF");
        Assert.Equal(Hex(s_dlbaExample), Hex(Capture(w => DeltaLengthByteArrayEncoding.Encode(data, offsets, w))));
        var builder = new BinaryValueBuilder();
        Assert.Equal(s_dlbaExample.Length, DeltaLengthByteArrayEncoding.Decode(s_dlbaExample, 4, builder));
        Assert.Equal(new[] { "Hello", "World", "Foobar", "ABCDEF" }, Strings(builder));
    }

    [Fact]
    public void Delta_byte_array_spec_example_encodes_and_decodes()
    {
        var (data, offsets) = Layout("axis", "axle", "babble", "babyhood");
        Assert.Equal(Hex(s_dbaExample), Hex(Capture(w => DeltaByteArrayEncoding.Encode(data, offsets, w))));
        var builder = new BinaryValueBuilder();
        Assert.Equal(s_dbaExample.Length, DeltaByteArrayEncoding.Decode(s_dbaExample, 4, builder));
        Assert.Equal(new[] { "axis", "axle", "babble", "babyhood" }, Strings(builder));
    }

    private static string[] RandomStrings(int seed, int count)
    {
        var random = new Random(seed);
        var prefixes = new[] { "", "user/", "user/admin/", "BTC-USD", "\u00e9t\u00e9-" };
        return Enumerable.Range(0, count)
            .Select(_ => prefixes[random.Next(prefixes.Length)] + new string('x', random.Next(0, 4)) + random.Next(0, 50_000))
            .Order(StringComparer.Ordinal)
            .Concat(["", "", "same", "same", "samesame"])
            .ToArray();
    }

    [Fact]
    public void Random_strings_round_trip_in_both_encodings_and_append_to_existing_values()
    {
        foreach (var n in new[] { 0, 1, 2, 129, 1000 })
        {
            var strings = RandomStrings(n, n);
            var (data, offsets) = Layout(strings);
            var dlba = Capture(w => DeltaLengthByteArrayEncoding.Encode(data, offsets, w));
            var dba = Capture(w => DeltaByteArrayEncoding.Encode(data, offsets, w));

            var builder = new BinaryValueBuilder(4, 16);
            builder.Add("existing"u8);
            Assert.Equal(dlba.Length, DeltaLengthByteArrayEncoding.Decode(dlba, strings.Length, builder));
            Assert.Equal(dba.Length, DeltaByteArrayEncoding.Decode(dba, strings.Length, builder));
            Assert.Equal(["existing", .. strings, .. strings], Strings(builder));
            if (n == 1000) Assert.True(dba.Length < dlba.Length, "sorted strings share prefixes");
        }
    }

    [Fact]
    public void Offsets_not_starting_at_zero_are_honoured()
    {
        var data = "__abcdef"u8.ToArray();
        int[] offsets = [2, 4, 4, 8];
        var builder = new BinaryValueBuilder();
        DeltaByteArrayEncoding.Decode(Capture(w => DeltaByteArrayEncoding.Encode(data, offsets, w)), 3, builder);
        DeltaLengthByteArrayEncoding.Decode(Capture(w => DeltaLengthByteArrayEncoding.Encode(data, offsets, w)), 3, builder);
        Assert.Equal(new[] { "ab", "", "cdef", "ab", "", "cdef" }, Strings(builder));
    }

    [Fact]
    public void Count_mismatch_is_rejected()
    {
        Assert.Throws<ParquetFormatException>(() => DeltaLengthByteArrayEncoding.Decode(s_dlbaExample, 3, new BinaryValueBuilder()));
        Assert.Throws<ParquetFormatException>(() => DeltaByteArrayEncoding.Decode(s_dbaExample, 5, new BinaryValueBuilder()));
    }

    [Fact]
    public void Negative_length_is_rejected()
    {
        // Lengths 5, -1: first zigzag(5)=10, one delta of -6: min -6 (zigzag 11), width 0.
        byte[] bytes = [0x80, 0x01, 0x04, 0x02, 0x0A, 0x0B, 0x00, 0x00, 0x00, 0x00, .. "Hello"u8];
        var ex = Assert.Throws<ParquetFormatException>(() => DeltaLengthByteArrayEncoding.Decode(bytes, 2, new BinaryValueBuilder()));
        Assert.Contains("negative length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefix_longer_than_the_previous_value_is_rejected()
    {
        // Prefixes 0, 9 (first 0, delta 9 = zigzag 18, width 0); suffixes 2, 0; data "ab".
        byte[] bytes =
        [
            0x80, 0x01, 0x04, 0x02, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00,
            0x80, 0x01, 0x04, 0x02, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00,
            .. "ab"u8,
        ];
        var ex = Assert.Throws<ParquetFormatException>(() => DeltaByteArrayEncoding.Decode(bytes, 2, new BinaryValueBuilder()));
        Assert.Contains("prefix length 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_throws()
    {
        var strings = RandomStrings(3, 150);
        var (data, offsets) = Layout(strings);
        EveryTruncationThrows(
            Capture(w => DeltaLengthByteArrayEncoding.Encode(data, offsets, w)),
            b => DeltaLengthByteArrayEncoding.Decode(b, strings.Length, new BinaryValueBuilder()));
        EveryTruncationThrows(
            Capture(w => DeltaByteArrayEncoding.Encode(data, offsets, w)),
            b => DeltaByteArrayEncoding.Decode(b, strings.Length, new BinaryValueBuilder()));
        EveryTruncationThrows(s_dbaExample, b => DeltaByteArrayEncoding.Decode(b, 4, new BinaryValueBuilder()));
    }

    [Fact]
    public void Mutations_only_throw_format_errors()
    {
        var strings = RandomStrings(9, 300);
        var (data, offsets) = Layout(strings);
        var builder = new BinaryValueBuilder();
        MutationsOnlyThrowFormatErrors(
            Capture(w => DeltaLengthByteArrayEncoding.Encode(data, offsets, w)),
            b =>
            {
                builder.Clear();
                DeltaLengthByteArrayEncoding.Decode(b, strings.Length, builder);
            });
        MutationsOnlyThrowFormatErrors(
            Capture(w => DeltaByteArrayEncoding.Encode(data, offsets, w)),
            b =>
            {
                builder.Clear();
                DeltaByteArrayEncoding.Decode(b, strings.Length, builder);
            });
    }
}

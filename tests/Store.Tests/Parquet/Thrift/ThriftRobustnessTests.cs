using System.Diagnostics;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Thrift;

namespace Archiver.Store.Tests.Parquet.Thrift;

/// <summary>Truncated, hostile and randomly corrupted input only ever ends in ParquetFormatException.</summary>
public sealed class ThriftRobustnessTests
{
    [Fact]
    public void Every_truncation_of_a_valid_footer_throws_ParquetFormatException()
    {
        var bytes = MetadataSamples.Encode(MetadataSamples.FullFileMetaData());

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length).ToArray();
            var ex = Record.Exception(() => ParquetMetadataCodec.ReadFileMetaData(prefix));
            Assert.True(ex is ParquetFormatException, $"prefix of {length} bytes: {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void Every_truncation_of_a_valid_page_header_throws_ParquetFormatException()
    {
        var bytes = MetadataSamples.Encode(MetadataSamples.FullDataPageV2Header());

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length).ToArray();
            var ex = Record.Exception(() => ParquetMetadataCodec.ReadPageHeader(prefix, out _));
            Assert.True(ex is ParquetFormatException, $"prefix of {length} bytes: {ex?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void Truncation_error_names_the_byte_position()
    {
        byte[] bytes = [0x15, 0x02, 0x19, 0x1C, 0x48, 0x10, (byte)'r'];

        var ex = Assert.Throws<ParquetFormatException>(() => ParquetMetadataCodec.ReadFileMetaData(bytes));

        Assert.Contains("at byte 5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("needs 16 bytes, 1 available", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> HostileFooters => new()
    {
        { "schema list count 2^31-1", [0x15, 0x02, 0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00], "list of 2147483647 elements" },
        { "unknown list count 2^31-1", [0x0C, 0x28, 0x00, 0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00], "list of 2147483647 elements" },
        { "list count above int range", [0x15, 0x02, 0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00], "list size 4294967295 out of range" },
        { "list of doubles longer than the input", [0x19, 0x67, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], "list of 6 elements" },
        { "map count 2^31-1", [0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x88, 0x00], "map of 2147483647 entries" },
        { "string length larger than the input", [0x15, 0x02, 0x19, 0x1C, 0x48, 0xE8, 0x07, (byte)'r', 0x00], "needs 1000 bytes" },
        { "string length 2^32-1", [0x68, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00], "needs 4294967295 bytes" },
        { "i64 varint of 11 bytes", [0x15, 0x02, 0x26, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00], "longer than 64 bits" },
        { "i32 varint of 6 bytes", [0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00], "longer than 32 bits" },
        { "field id outside i16", [0x05, 0xFF, 0xFF, 0x7F, 0x00, 0x00], "i16 value -1048576 out of range" },
        { "invalid field type 14", [0x1E, 0x00], "invalid field type 14" },
        { "invalid list element type 0", [0x19, 0x10, 0x00, 0x00], "invalid element type 0" },
        { "nested structs deeper than the limit", [.. Enumerable.Repeat((byte)0x1C, 200), .. Enumerable.Repeat((byte)0x00, 201)], "deeper than 64" },
        { "nested lists deeper than the limit", [0x19, .. Enumerable.Repeat((byte)0x19, 200), 0x00], "deeper than 64" },
        { "nested maps deeper than the limit", [0x1B, .. Enumerable.Repeat(new byte[] { 0x01, 0xBB }, 200).SelectMany(b => b), 0x00], "deeper than 64" },
        { "invalid bool list element", [0x19, 0x11, 0x07, 0x00], "invalid bool element byte 7" },
        { "empty input", [], "truncated thrift: field header at byte 0" },
    };

    [Theory]
    [MemberData(nameof(HostileFooters))]
    public void Hostile_footer_throws_ParquetFormatException_quickly(string what, byte[] bytes, string expected)
    {
        var clock = Stopwatch.StartNew();

        var ex = Record.Exception(() => ParquetMetadataCodec.ReadFileMetaData(bytes));

        var format = Assert.IsType<ParquetFormatException>(ex);
        Assert.Contains(expected, format.Message, StringComparison.Ordinal);
        Assert.True(clock.ElapsedMilliseconds < 1000, $"{what} took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Nesting_limit_is_reported_as_too_deep()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)0x1C, 100), .. Enumerable.Repeat((byte)0x00, 101)];

        var ex = Assert.Throws<ParquetFormatException>(() => ParquetMetadataCodec.ReadFileMetaData(bytes));

        Assert.Contains($"deeper than {ParquetLimits.MaxThriftDepth}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted_when_skipping()
    {
        // The outer struct is level 1; the unknown field 1 holds MaxThriftDepth - 1 nested structs.
        var depth = ParquetLimits.MaxThriftDepth - 1;
        byte[] bytes = [.. Enumerable.Repeat((byte)0x1C, depth), .. Enumerable.Repeat((byte)0x00, depth + 1)];
        var reader = new ThriftCompactReader(bytes);

        reader.Skip(ThriftType.Struct);

        Assert.Equal(bytes.Length, reader.Position);
    }

    [Fact]
    public void Schema_longer_than_the_limit_is_rejected_before_reading_its_elements()
    {
        var count = ParquetLimits.MaxSchemaElements + 1;
        byte[] header = [0x15, 0x02, 0x19, 0xFC, .. VarInt((uint)count)];
        var bytes = new byte[header.Length + count];
        header.CopyTo(bytes, 0);

        var ex = Assert.Throws<ParquetFormatException>(() => ParquetMetadataCodec.ReadFileMetaData(bytes));

        Assert.Contains("FileMetaData.schema has 100001 elements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_size_above_the_limit_is_rejected()
    {
        var header = new PageHeader
        {
            Type = PageType.DataPage,
            UncompressedPageSize = ParquetLimits.MaxPageBytes + 1,
            CompressedPageSize = 10,
            DataPageHeader = new DataPageHeader(),
        };
        var bytes = MetadataSamples.Encode(header);

        var ex = Assert.Throws<ParquetFormatException>(() => ParquetMetadataCodec.ReadPageHeader(bytes, out _));

        Assert.Contains("exceeds the limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_byte_mutations_of_a_valid_footer_only_ever_throw_ParquetFormatException()
    {
        var valid = MetadataSamples.Encode(MetadataSamples.FullFileMetaData());
        var random = new Random(20240611);
        var buffer = new byte[valid.Length];
        byte[] interesting = [0x00, 0x01, 0x0F, 0x7F, 0x80, 0xFF, 0x19, 0x1C, 0xFC];
        var clock = Stopwatch.StartNew();
        var decoded = 0;

        for (var i = 0; i < 20_000; i++)
        {
            valid.CopyTo(buffer, 0);
            var mutations = 1 + random.Next(4);
            for (var m = 0; m < mutations; m++)
            {
                var at = random.Next(buffer.Length);
                buffer[at] = random.Next(3) == 0 ? interesting[random.Next(interesting.Length)] : (byte)random.Next(256);
            }

            var length = random.Next(8) == 0 ? random.Next(buffer.Length) : buffer.Length;
            try
            {
                ParquetMetadataCodec.ReadFileMetaData(buffer.AsSpan(0, length));
                decoded++;
            }
            catch (ParquetFormatException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"mutation {i} threw {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.InRange(decoded, 1, 20_000); // some mutations (e.g. inside a string) still decode
    }

    [Fact]
    public void Random_byte_mutations_of_a_valid_page_header_only_ever_throw_ParquetFormatException()
    {
        var valid = MetadataSamples.Encode(MetadataSamples.FullDataPageV2Header());
        var random = new Random(7);
        var buffer = new byte[valid.Length];

        for (var i = 0; i < 20_000; i++)
        {
            valid.CopyTo(buffer, 0);
            buffer[random.Next(buffer.Length)] = (byte)random.Next(256);
            if (random.Next(2) == 0) buffer[random.Next(buffer.Length)] = (byte)random.Next(256);
            var ex = Record.Exception(() => ParquetMetadataCodec.ReadPageHeader(buffer, out _));
            Assert.True(ex is null or ParquetFormatException, $"mutation {i} threw {ex?.GetType().Name}: {ex?.Message}");
        }
    }

    private static byte[] VarInt(uint value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}

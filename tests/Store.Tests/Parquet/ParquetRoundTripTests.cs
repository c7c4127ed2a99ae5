using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Tests.Parquet;

public sealed class ParquetRoundTripTests
{
    public static TheoryData<CompressionCodec> Codecs => new()
    {
        CompressionCodec.Uncompressed, CompressionCodec.Snappy, CompressionCodec.Gzip, CompressionCodec.Zstd, CompressionCodec.Brotli, CompressionCodec.Lz4Raw,
    };

    internal static byte[] Write(ParquetSchema schema, IReadOnlyList<ColumnData> columns, ParquetWriterOptions options, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, options, metadata, leaveOpen: true))
        {
            writer.Write(columns);
            writer.Complete();
        }

        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Every_type_with_nulls_reads_back_identically_under_each_codec(CompressionCodec codec)
    {
        var columns = SampleTables.AllTypesRows(3000);
        var bytes = Write(SampleTables.AllTypes, columns, ParquetWriterOptions.Default with { Compression = codec });

        using var reader = ParquetFileReader.Open(bytes);
        Assert.Equal(3000, reader.RowCount);
        var read = reader.ReadAll();
        for (var c = 0; c < columns.Length; c++) SampleTables.AssertSameColumn(columns[c], read.Columns[c]);
    }

    public static TheoryData<string> EncodingPresets => new() { "default", "compatible", "plain", "delta-strings", "prefix-strings", "bss-ints", "dictionary-everything" };

    private static ParquetWriterOptions Preset(string name) => name switch
    {
        "default" => ParquetWriterOptions.Default,
        "compatible" => ParquetWriterOptions.Compatible,
        "plain" => ParquetWriterOptions.Default with { IntegerEncoding = ParquetEncoding.Plain, FloatingPointEncoding = ParquetEncoding.Plain, DictionaryForStrings = false },
        "delta-strings" => ParquetWriterOptions.Default with
        {
            Columns = new Dictionary<string, ColumnWriteOptions>
            {
                ["symbol"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaLengthByteArray },
                ["note"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaLengthByteArray },
                ["blob"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaLengthByteArray },
            },
        },
        "prefix-strings" => ParquetWriterOptions.Default with
        {
            Columns = new Dictionary<string, ColumnWriteOptions>
            {
                ["symbol"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaByteArray },
                ["note"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaByteArray },
            },
        },
        "bss-ints" => ParquetWriterOptions.Default with
        {
            IntegerEncoding = ParquetEncoding.ByteStreamSplit,
            Columns = new Dictionary<string, ColumnWriteOptions> { ["fixed4"] = new() { Encoding = ParquetEncoding.ByteStreamSplit } },
        },
        "dictionary-everything" => ParquetWriterOptions.Default with { DictionaryForNumbers = true },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(EncodingPresets))]
    public void Every_encoding_choice_reads_back_identically(string preset)
    {
        var columns = SampleTables.AllTypesRows(2500, seed: 11);
        var bytes = Write(SampleTables.AllTypes, columns, Preset(preset) with { MaxRowsPerPage = 700 });

        using var reader = ParquetFileReader.Open(bytes);
        var read = reader.ReadAll();
        for (var c = 0; c < columns.Length; c++) SampleTables.AssertSameColumn(columns[c], read.Columns[c]);
    }

    [Fact]
    public void Encodings_recorded_in_the_footer_are_the_ones_asked_for()
    {
        var columns = SampleTables.AllTypesRows(500);
        var options = ParquetWriterOptions.Default with { IntegerEncoding = ParquetEncoding.DeltaBinaryPacked, FloatingPointEncoding = ParquetEncoding.ByteStreamSplit };
        var bytes = Write(SampleTables.AllTypes, columns, options);

        using var reader = ParquetFileReader.Open(bytes);
        ParquetEncoding[] EncodingsOf(string name) => reader.Metadata.RowGroups[0].Columns[reader.Schema.IndexOf(name)].MetaData!.Encodings.ToArray();
        Assert.Equal([ParquetEncoding.DeltaBinaryPacked], EncodingsOf("ts_us"));
        Assert.Equal([ParquetEncoding.ByteStreamSplit], EncodingsOf("price"));
        Assert.Contains(ParquetEncoding.RleDictionary, EncodingsOf("symbol"));
        Assert.Contains(ParquetEncoding.RleDictionary, EncodingsOf("side"));
        Assert.Equal(CompressionCodec.Zstd, reader.Metadata.RowGroups[0].Columns[0].MetaData!.Codec);
    }

    [Fact]
    public void By_default_each_numeric_column_gets_the_encoding_that_compresses_it_best()
    {
        var schema = new ParquetSchema(
            ParquetField.Timestamp("ts", TimeUnit.Micros), ParquetField.Double("price"), ParquetField.Double("noise"), ParquetField.Int64("level"));
        const int Rows = 50_000;
        var random = new Random(5);
        var columns = new ColumnData[]
        {
            new ColumnData<long>(schema[0], Enumerable.Range(0, Rows).Select(i => 1_735_689_600_000_000L + (i * 250L) + random.Next(0, 50)).ToArray()),
            new ColumnData<double>(schema[1], Enumerable.Range(0, Rows).Select(i => (970_000 + ((i / 40) % 7)) / 10.0).ToArray()),
            new ColumnData<double>(schema[2], Enumerable.Range(0, Rows).Select(i => Math.Sin(i / 1000.0) + (random.NextDouble() * 1e-6)).ToArray()),
            new ColumnData<long>(schema[3], Enumerable.Range(0, Rows).Select(i => (long)(i % 3) * 1_000_000_007L).ToArray()),
        };
        var bytes = Write(schema, columns, ParquetWriterOptions.Default);

        using var reader = ParquetFileReader.Open(bytes);
        ParquetEncoding[] Data(int c) => reader.Metadata.RowGroups[0].Columns[c].MetaData!.EncodingStats!
            .Where(s => s.PageType == PageType.DataPage).Select(s => s.Encoding).Distinct().ToArray();
        Assert.Equal([ParquetEncoding.DeltaBinaryPacked], Data(0)); // increasing timestamps
        Assert.Equal([ParquetEncoding.RleDictionary], Data(1));     // few distinct tick prices
        Assert.Equal([ParquetEncoding.ByteStreamSplit], Data(2));   // a smooth, noisy float signal
        Assert.Equal([ParquetEncoding.RleDictionary], Data(3));     // three large repeating values
        var read = reader.ReadAll();
        for (var c = 0; c < columns.Length; c++) SampleTables.AssertSameColumn(columns[c], read.Columns[c]);
    }

    [Theory]
    [InlineData(CompressionCodec.Zstd, 8)]
    [InlineData(CompressionCodec.Uncompressed, 3)]
    public void Dictionary_indices_are_byte_aligned_only_when_pages_are_compressed(CompressionCodec codec, int expectedWidth)
    {
        var schema = new ParquetSchema(ParquetField.String("s"));
        var values = Enumerable.Range(0, 1000).Select(i => $"v{i % 5}").ToArray(); // 5 entries need 3 bits
        var bytes = Write(schema, [new BinaryColumnData(schema[0], BinaryColumnValues.FromStrings(values))], ParquetWriterOptions.Default with { Compression = codec });

        using var reader = ParquetFileReader.Open(bytes);
        var meta = reader.Metadata.RowGroups[0].Columns[0].MetaData!;
        var page = bytes.AsSpan((int)meta.DataPageOffset);
        var header = ParquetMetadataCodec.ReadPageHeader(page, out var headerLength);
        Assert.Equal(ParquetEncoding.RleDictionary, header.DataPageHeader!.Encoding);
        var body = new byte[header.UncompressedPageSize];
        Archiver.Store.Parquet.Compression.PageCompression.Decompress(codec, page.Slice(headerLength, header.CompressedPageSize), body);
        Assert.Equal(expectedWidth, body[0]);
        var read = (BinaryColumnData)reader.ReadColumn(0, 0);
        Assert.Equal("v3", read.GetString(998));
    }

    [Fact]
    public void A_dictionary_that_outgrows_its_limit_falls_back_to_plain_and_keeps_every_value()
    {
        var schema = new ParquetSchema(ParquetField.String("s"));
        var values = Enumerable.Range(0, 20_000).Select(i => $"unique-value-{i:D8}").ToArray();
        var column = new BinaryColumnData(schema[0], BinaryColumnValues.FromStrings(values));
        var bytes = Write(schema, [column], ParquetWriterOptions.Default with { DictionaryPageLimitBytes = 16 * 1024, MaxRowsPerPage = 1000 });

        using var reader = ParquetFileReader.Open(bytes);
        var meta = reader.Metadata.RowGroups[0].Columns[0].MetaData!;
        Assert.Contains(ParquetEncoding.RleDictionary, meta.Encodings);
        Assert.Contains(ParquetEncoding.Plain, meta.Encodings);
        Assert.Contains(meta.EncodingStats!, s => s.PageType == PageType.DataPage && s.Encoding == ParquetEncoding.Plain);
        var read = (BinaryColumnData)reader.ReadColumn(0, 0);
        for (var i = 0; i < values.Length; i++) Assert.Equal(values[i], read.GetString(i));
    }

    [Fact]
    public void Rows_are_split_into_row_groups_by_row_limit_and_read_back_in_order()
    {
        var schema = new ParquetSchema(ParquetField.Int64("id"), ParquetField.Double("v", nullable: true));
        var writerOptions = ParquetWriterOptions.Default with { MaxRowsPerRowGroup = 1000, MaxRowsPerPage = 300 };
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, writerOptions, leaveOpen: true))
        {
            for (var batch = 0; batch < 7; batch++)
            {
                var ids = Enumerable.Range(batch * 450, 450).Select(i => (long)i).ToArray();
                var present = ids.Select(i => i % 10 != 0).ToArray();
                writer.Write(new ColumnData<long>(schema[0], ids), new ColumnData<double>(schema[1], ids.Select(i => i * 0.5).ToArray(), present));
            }

            writer.Complete();
        }

        using var reader = ParquetFileReader.Open(stream.ToArray());
        Assert.Equal(4, reader.RowGroupCount);
        Assert.Equal([1000L, 1000L, 1000L, 150L], Enumerable.Range(0, 4).Select(reader.GetRowGroupRowCount).ToArray());
        var all = reader.ReadAll();
        var id = all.Get<long>("id");
        var v = all.Get<double>("v");
        for (var i = 0; i < 3150; i++)
        {
            Assert.Equal(i, id.Values[i]);
            Assert.Equal(i % 10 != 0, v.HasValue(i));
            if (v.HasValue(i)) Assert.Equal(i * 0.5, v.Values[i]);
        }
    }

    [Fact]
    public void A_row_group_closes_when_its_encoded_size_reaches_the_byte_target()
    {
        var schema = new ParquetSchema(ParquetField.Double("noise"));
        var random = new Random(9);
        var values = Enumerable.Range(0, 200_000).Select(_ => random.NextDouble()).ToArray(); // incompressible: ~8 bytes a row
        var bytes = Write(schema, [new ColumnData<double>(schema[0], values)],
            ParquetWriterOptions.Default with { RowGroupTargetBytes = 400_000, MaxRowsPerPage = 10_000, Compression = CompressionCodec.Uncompressed });

        using var reader = ParquetFileReader.Open(bytes);
        Assert.InRange(reader.RowGroupCount, 4, 6); // 1.6 MB of values in groups of about 400 KB
        foreach (var group in reader.Metadata.RowGroups) Assert.InRange(group.TotalCompressedSize ?? 0, 0, 400_000 + 90_000);
        Assert.Equal(values, reader.ReadAll().Get<double>("noise").Span.ToArray());
    }

    [Fact]
    public void An_empty_file_has_a_schema_and_no_rows()
    {
        var schema = new ParquetSchema(ParquetField.Int64("id"), ParquetField.String("s", nullable: true));
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, leaveOpen: true)) writer.Complete();

        using var reader = ParquetFileReader.Open(stream.ToArray());
        Assert.Equal(0, reader.RowCount);
        Assert.Equal(0, reader.RowGroupCount);
        Assert.Equal(["id", "s"], reader.Schema.Fields.Select(f => f.Name).ToArray());
        Assert.Equal(0, reader.ReadAll().RowCount);
    }

    [Fact]
    public void Key_value_metadata_and_logical_types_survive_the_footer()
    {
        var columns = SampleTables.AllTypesRows(10);
        var bytes = Write(SampleTables.AllTypes, columns, ParquetWriterOptions.Default, new Dictionary<string, string> { ["exchange"] = "binance", ["symbol"] = "BTCUSDT" });

        using var reader = ParquetFileReader.Open(bytes);
        Assert.Equal("binance", reader.KeyValueMetadata["exchange"]);
        Assert.Equal("BTCUSDT", reader.KeyValueMetadata["symbol"]);
        for (var i = 0; i < SampleTables.AllTypes.Fields.Count; i++) Assert.Equal(SampleTables.AllTypes[i], reader.Schema[i]);
    }

    [Fact]
    public void Statistics_use_the_order_of_each_type()
    {
        var schema = new ParquetSchema(
            ParquetField.Integer("u32", 32, signed: false), ParquetField.Int64("s64"), ParquetField.Double("d", nullable: true),
            ParquetField.String("s"), ParquetField.Integer("u64", 64, signed: false), ParquetField.Float("f"));
        var columns = new ColumnData[]
        {
            new ColumnData<int>(schema[0], [1, -1, 5]), // -1 is 4294967295 unsigned: the max
            new ColumnData<long>(schema[1], [3, -7, 2]),
            new ColumnData<double>(schema[2], [double.NaN, 0.0, 2.5], [true, true, false]),
            new BinaryColumnData(schema[3], BinaryColumnValues.FromStrings(["b", "é", "a"])), // é is 0xC3 0xA9: above 'b' unsigned
            new ColumnData<long>(schema[4], [5, long.MinValue, 7]),
            new ColumnData<float>(schema[5], [-0.0f, 0.0f, float.NaN]),
        };
        var bytes = Write(schema, columns, ParquetWriterOptions.Default);

        using var reader = ParquetFileReader.Open(bytes);
        var u32 = reader.GetStatistics(0, 0);
        Assert.Equal(1, u32.Min);
        Assert.Equal(-1, u32.Max);
        var s64 = reader.GetStatistics(0, 1);
        Assert.Equal(-7L, s64.Min);
        Assert.Equal(3L, s64.Max);
        var d = reader.GetStatistics(0, 2);
        Assert.Equal(1L, d.NullCount);
        Assert.True(double.IsNegative((double)d.Min!)); // a zero min is written as -0.0
        Assert.Equal(0.0, (double)d.Max!);
        Assert.False(double.IsNegative((double)d.Max!));
        var s = reader.GetStatistics(0, 3);
        Assert.Equal("a", s.Min);
        Assert.Equal("é", s.Max);
        var u64 = reader.GetStatistics(0, 4);
        Assert.Equal(5L, u64.Min);
        Assert.Equal(long.MinValue, u64.Max); // 2^63 unsigned
        var f = reader.GetStatistics(0, 5);
        Assert.True(float.IsNegative((float)f.Min!));
        Assert.False(float.IsNegative((float)f.Max!));
    }

    [Fact]
    public void Row_groups_outside_a_time_range_are_skipped_by_statistics()
    {
        var schema = new ParquetSchema(ParquetField.Timestamp("ts", TimeUnit.Micros), ParquetField.Double("px"));
        var ts = Enumerable.Range(0, 4000).Select(i => 1_000_000L + (i * 1000L)).ToArray();
        var bytes = Write(schema, [new ColumnData<long>(schema[0], ts), new ColumnData<double>(schema[1], ts.Select(t => t / 1e6).ToArray())],
            ParquetWriterOptions.Default with { MaxRowsPerRowGroup = 1000 });

        using var reader = ParquetFileReader.Open(bytes);
        Assert.Equal([1, 2], reader.RowGroupsOverlapping("ts", 2_000_000L, 3_000_000L).ToArray());
        var part = reader.ReadAll(["ts"], "ts", 2_500_000L, 2_600_000L);
        Assert.Equal(1000, part.RowCount);
        Assert.Equal(2_000_000L, part.Get<long>("ts").Values[0]);
        Assert.Single(part.Columns);
    }

    [Fact]
    public void Projection_reads_only_the_named_columns_in_the_order_asked()
    {
        var columns = SampleTables.AllTypesRows(100);
        var bytes = Write(SampleTables.AllTypes, columns, ParquetWriterOptions.Default);

        using var reader = ParquetFileReader.Open(bytes);
        var read = reader.ReadRowGroup(0, ["price", "symbol"]);
        Assert.Equal(["price", "symbol"], read.Columns.Select(c => c.Field.Name).ToArray());
        SampleTables.AssertSameColumn(columns[12], read.Columns[0]);
        SampleTables.AssertSameColumn(columns[16], read.Columns[1]);
    }
}

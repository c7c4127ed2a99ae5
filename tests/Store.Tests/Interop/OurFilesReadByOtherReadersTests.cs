using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Tests.Parquet;

namespace Archiver.Store.Tests.Interop;

/// <summary>
/// Files our writer produces, for every codec and every encoding it offers, are read by DuckDB and by hyparquet with
/// exactly the values written, row for row.
/// </summary>
public sealed class OurFilesReadByOtherReadersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("parquet-interop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<CompressionCodec> Codecs => new()
    {
        CompressionCodec.Uncompressed, CompressionCodec.Snappy, CompressionCodec.Gzip, CompressionCodec.Zstd, CompressionCodec.Brotli, CompressionCodec.Lz4Raw,
    };

    public static TheoryData<string> Encodings => new()
    {
        "plain", "dictionary-everything", "delta-strings", "prefix-strings", "bss-ints", "compatible",
    };

    private string WriteSample(string name, ParquetWriterOptions options, out Archiver.Store.Parquet.Data.ColumnData[] columns)
    {
        columns = SampleTables.AllTypesRows(3000, seed: name.Length);
        var path = Path.Combine(_dir, name + ".parquet");
        using var writer = ParquetFileWriter.Create(path, SampleTables.AllTypes, options with { MaxRowsPerPage = 700, MaxRowsPerRowGroup = 2000 });
        writer.Write(columns);
        writer.Complete();
        return path;
    }

    private static void AssertBothReadersAgree(string path, Archiver.Store.Parquet.Data.ColumnData[] columns, bool duckDb = true)
    {
        var hyp = NodeTools.ReadWithHyparquet(path);
        foreach (var column in columns) InteropAssert.SameColumn(column, hyp, "hyparquet", Path.GetFileName(path));
        if (!duckDb) return;
        var duck = NodeTools.ReadWithDuckDb(path);
        foreach (var column in columns) InteropAssert.SameColumn(column, duck, "DuckDB", Path.GetFileName(path));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void DuckDb_and_hyparquet_read_every_codec_we_write_with_the_values_written(CompressionCodec codec)
    {
        var path = WriteSample($"codec_{codec}", ParquetWriterOptions.Default with { Compression = codec }, out var columns);
        AssertBothReadersAgree(path, columns);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void DuckDb_and_hyparquet_read_every_encoding_we_write_with_the_values_written(string preset)
    {
        var options = preset switch
        {
            "plain" => ParquetWriterOptions.Default with { IntegerEncoding = ParquetEncoding.Plain, FloatingPointEncoding = ParquetEncoding.Plain, DictionaryForStrings = false },
            "dictionary-everything" => ParquetWriterOptions.Default with { DictionaryForNumbers = true },
            "delta-strings" => ParquetWriterOptions.Default with
            {
                DictionaryForStrings = false,
                Columns = new Dictionary<string, ColumnWriteOptions>
                {
                    ["symbol"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaLengthByteArray },
                    ["note"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaLengthByteArray },
                    ["blob"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaLengthByteArray },
                    ["side"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaLengthByteArray },
                },
            },
            "prefix-strings" => ParquetWriterOptions.Default with
            {
                DictionaryForStrings = false,
                Columns = new Dictionary<string, ColumnWriteOptions>
                {
                    ["symbol"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaByteArray },
                    ["note"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaByteArray },
                    ["blob"] = new() { UseDictionary = false, Encoding = ParquetEncoding.DeltaByteArray },
                },
            },
            "bss-ints" => ParquetWriterOptions.Default with
            {
                IntegerEncoding = ParquetEncoding.ByteStreamSplit,
                Columns = new Dictionary<string, ColumnWriteOptions> { ["fixed4"] = new() { Encoding = ParquetEncoding.ByteStreamSplit } },
            },
            "compatible" => ParquetWriterOptions.Compatible,
            _ => throw new ArgumentOutOfRangeException(nameof(preset)),
        };
        var path = WriteSample($"encoding_{preset}", options, out var columns);
        // DuckDB 1.5 reads BYTE_STREAM_SPLIT only for FLOAT and DOUBLE (integers and FIXED_LEN_BYTE_ARRAY came with
        // format 2.11); hyparquet reads all of them.
        AssertBothReadersAgree(path, columns, duckDb: preset != "bss-ints");
    }

    [Fact]
    public void A_dictionary_fallback_chunk_is_read_by_both_readers()
    {
        var path = WriteSample("fallback", ParquetWriterOptions.Default with { DictionaryForNumbers = true, DictionaryPageLimitBytes = 2048 }, out var columns);
        using (var reader = ParquetFileReader.Open(path))
        {
            var id = reader.Metadata.RowGroups[0].Columns[reader.Schema.IndexOf("id")].MetaData!;
            Assert.Contains(ParquetEncoding.RleDictionary, id.Encodings);
            Assert.Contains(ParquetEncoding.DeltaBinaryPacked, id.Encodings);
        }

        AssertBothReadersAgree(path, columns);
    }

    [Fact]
    public void DuckDb_sees_our_encodings_statistics_and_created_by()
    {
        var columns = SampleTables.AllTypesRows(1500);
        var path = Path.Combine(_dir, "meta.parquet");
        using (var writer = ParquetFileWriter.Create(path, SampleTables.AllTypes, ParquetWriterOptions.Default, new Dictionary<string, string> { ["exchange"] = "binance" }))
        {
            writer.Write(columns);
            writer.Complete();
        }

        using var meta = NodeTools.DuckDbMetadata(path);
        var rows = meta.RootElement.GetProperty("metadata").EnumerateArray().ToList();
        System.Text.Json.JsonElement Column(string name) => rows.Single(r => r.GetProperty("path_in_schema").GetString() == name);
        Assert.Contains("DELTA_BINARY_PACKED", Column("ts_us").GetProperty("encodings").GetString());
        Assert.Contains("BYTE_STREAM_SPLIT", Column("price").GetProperty("encodings").GetString());
        Assert.Contains("RLE_DICTIONARY", Column("symbol").GetProperty("encodings").GetString());
        Assert.Equal("ZSTD", Column("price").GetProperty("compression").GetString());
        var ids = (Archiver.Store.Parquet.Data.ColumnData<long>)columns[3];
        Assert.Equal(ids.Span.ToArray().Min().ToString(System.Globalization.CultureInfo.InvariantCulture), Column("id").GetProperty("stats_min_value").GetString());
        Assert.Equal(ids.Span.ToArray().Max().ToString(System.Globalization.CultureInfo.InvariantCulture), Column("id").GetProperty("stats_max_value").GetString());
        Assert.Equal("500", Column("size").GetProperty("stats_null_count").GetString());
        Assert.Equal(ParquetWriterOptions.Default.CreatedBy, meta.RootElement.GetProperty("fileMetadata").GetProperty("created_by").GetString());
    }
}

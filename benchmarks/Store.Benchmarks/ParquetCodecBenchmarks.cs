using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;
using BenchmarkDotNet.Attributes;

namespace Archiver.Store.Benchmarks;

/// <summary>
/// Writes and reads one 100,000-row trades row group in memory. With <c>[MemoryDiagnoser]</c> the allocation column
/// shows what a row group costs beyond its result arrays; it must not grow with the number of row groups in a file.
/// </summary>
[MemoryDiagnoser]
public class ParquetCodecBenchmarks
{
    private ColumnData[] _trades = [];
    private byte[] _file = [];
    private MemoryStream _output = new();

    [Params(1, 4)]
    public int RowGroups { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _trades = TickDataGenerator.Trades(100_000);
        _output = new MemoryStream(64 << 20);
        WriteTrades();
        _file = _output.ToArray();
    }

    [Benchmark]
    public long WriteTrades()
    {
        _output.SetLength(0);
        using var writer = new ParquetFileWriter(_output, TickDataGenerator.TradesSchema, ParquetWriterOptions.Default with { MaxRowsPerRowGroup = 100_000 }, leaveOpen: true);
        for (var g = 0; g < RowGroups; g++) writer.Write(_trades);
        writer.Complete();
        return _output.Length;
    }

    [Benchmark]
    public long ReadTrades()
    {
        using var reader = ParquetFileReader.Open(_file);
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++) rows += reader.ReadRowGroup(g).RowCount;
        return rows;
    }
}

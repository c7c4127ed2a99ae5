using System.Text;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Tests.Parquet;

/// <summary>Deterministic test tables covering every type the writer offers, with and without nulls.</summary>
internal static class SampleTables
{
    public static readonly ParquetSchema AllTypes = new(
        ParquetField.Timestamp("ts_us", TimeUnit.Micros),
        ParquetField.Timestamp("ts_ms", TimeUnit.Millis, nullable: true),
        ParquetField.Timestamp("ts_ns", TimeUnit.Nanos),
        ParquetField.Int64("id"),
        ParquetField.Int32("i32", nullable: true),
        ParquetField.Integer("i8", 8, signed: true),
        ParquetField.Integer("i16", 16, signed: true, nullable: true),
        ParquetField.Integer("u8", 8, signed: false),
        ParquetField.Integer("u16", 16, signed: false),
        ParquetField.Integer("u32", 32, signed: false, nullable: true),
        ParquetField.Integer("u64", 64, signed: false),
        ParquetField.Float("f32"),
        ParquetField.Double("price"),
        ParquetField.Double("size", nullable: true),
        ParquetField.Boolean("flag"),
        ParquetField.Boolean("maybe", nullable: true),
        ParquetField.String("symbol"),
        ParquetField.String("note", nullable: true),
        ParquetField.Enum("side"),
        ParquetField.Binary("blob", nullable: true),
        ParquetField.FixedBinary("fixed4", 4));

    /// <summary>Rows of <see cref="AllTypes"/>: values exercise extremes, unicode, empty strings and nulls.</summary>
    public static ColumnData[] AllTypesRows(int rows, int seed = 7)
    {
        var random = new Random(seed);
        var s = AllTypes;
        bool[] Nulls(int every) => Enumerable.Range(0, rows).Select(i => i % every != 1).ToArray();
        const long BaseUs = 1_735_689_600_000_000L; // 2025-01-01T00:00:00Z
        var tsUs = Enumerable.Range(0, rows).Select(i => BaseUs + (i * 1_000L) + random.Next(0, 999)).ToArray();
        var strings = new[] { "BTCUSDT", "ETHUSDT", "ß∂ƒ©", string.Empty, "SOLUSDT" };
        var sides = new[] { "buy", "sell" };
        return
        [
            new ColumnData<long>(s[0], tsUs),
            new ColumnData<long>(s[1], tsUs.Select(t => t / 1000).ToArray(), Nulls(5)),
            new ColumnData<long>(s[2], tsUs.Select(t => (t * 1000) + 123).ToArray()),
            new ColumnData<long>(s[3], Enumerable.Range(0, rows).Select(i => i switch { 0 => long.MinValue, 1 => long.MaxValue, _ => 5_000_000_000L + (i * 3L) }).ToArray()),
            new ColumnData<int>(s[4], Enumerable.Range(0, rows).Select(i => i switch { 0 => int.MinValue, 1 => int.MaxValue, _ => random.Next() - (int.MaxValue / 2) }).ToArray(), Nulls(7)),
            new ColumnData<int>(s[5], Enumerable.Range(0, rows).Select(i => (int)(sbyte)(i * 37)).ToArray()),
            new ColumnData<int>(s[6], Enumerable.Range(0, rows).Select(i => (int)(short)(i * 7919)).ToArray(), Nulls(4)),
            new ColumnData<int>(s[7], Enumerable.Range(0, rows).Select(i => (i * 13) % 256).ToArray()),
            new ColumnData<int>(s[8], Enumerable.Range(0, rows).Select(i => (i * 7919) % 65536).ToArray()),
            new ColumnData<int>(s[9], Enumerable.Range(0, rows).Select(i => unchecked((int)(uint)(4_000_000_000L - i))).ToArray(), Nulls(6)),
            new ColumnData<long>(s[10], Enumerable.Range(0, rows).Select(i => unchecked((long)(ulong.MaxValue - (ulong)i))).ToArray()),
            new ColumnData<float>(s[11], Enumerable.Range(0, rows).Select(i => i == 2 ? -0.0f : (float)(random.NextDouble() * 100) - 50).ToArray()),
            new ColumnData<double>(s[12], Enumerable.Range(0, rows).Select(i => Math.Round(97000 + (random.NextDouble() * 100), 1)).ToArray()),
            new ColumnData<double>(s[13], Enumerable.Range(0, rows).Select(i => Math.Round(random.NextDouble() * 3, 3)).ToArray(), Nulls(3)),
            new ColumnData<bool>(s[14], Enumerable.Range(0, rows).Select(i => i % 3 == 0).ToArray()),
            new ColumnData<bool>(s[15], Enumerable.Range(0, rows).Select(i => i % 2 == 0).ToArray(), Nulls(5)),
            new BinaryColumnData(s[16], BinaryColumnValues.FromStrings(Enumerable.Range(0, rows).Select(i => strings[i % strings.Length]).ToArray())),
            new BinaryColumnData(s[17], BinaryColumnValues.FromStrings(Enumerable.Range(0, rows).Select(i => i % 8 == 3 ? null : $"note {i} {new string('x', i % 17)}").ToArray()), Nulls(8)),
            new BinaryColumnData(s[18], BinaryColumnValues.FromStrings(Enumerable.Range(0, rows).Select(i => sides[(i * 7 / 3) % 2]).ToArray())),
            new BinaryColumnData(s[19], BinaryColumnValues.FromBytes(Enumerable.Range(0, rows).Select(i => i % 9 == 3 ? null : Encoding.ASCII.GetBytes($"b{i}").Concat(new byte[] { 0, 255 }).ToArray()).ToArray()), Nulls(9)),
            new BinaryColumnData(s[20], BinaryColumnValues.FromBytes(Enumerable.Range(0, rows).Select(i => BitConverter.GetBytes(i * 31)).ToArray())),
        ];
    }

    /// <summary>Asserts that <paramref name="actual"/> holds exactly <paramref name="expected"/>'s rows.</summary>
    public static void AssertSameColumn(ColumnData expected, ColumnData actual, int expectedOffset = 0)
    {
        Assert.Equal(expected.Field.Name, actual.Field.Name);
        for (var i = 0; i < actual.Count; i++)
        {
            var row = i + expectedOffset;
            Assert.True(expected.HasValue(row) == actual.HasValue(i), $"column {expected.Field.Name} row {row}: null mismatch");
            if (!expected.HasValue(row)) continue;
            var e = expected.GetValue(row);
            var a = actual.GetValue(i);
            if (e is byte[] eb) Assert.Equal(eb, (byte[])a!);
            else if (e is double ed) Assert.Equal(BitConverter.DoubleToInt64Bits(ed), BitConverter.DoubleToInt64Bits((double)a!));
            else if (e is float ef) Assert.Equal(BitConverter.SingleToInt32Bits(ef), BitConverter.SingleToInt32Bits((float)a!));
            else Assert.True(Equals(e, a), $"column {expected.Field.Name} row {row}: expected {e}, read {a}");
        }
    }
}

using System.Globalization;
using System.Numerics;
using Archiver.Store.Parquet.Data;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Tests.Interop;

/// <summary>
/// Compares values our codec holds with what another reader reports, in the representation of
/// <see cref="InteropTable"/>: integers as decimal text (unsigned as unsigned), timestamps in the file's unit,
/// floats by bit pattern after parsing, strings as text, binary as 0x-hex, UUIDs as canonical text.
/// </summary>
internal static class InteropAssert
{
    /// <summary>Asserts that every row of <paramref name="ours"/> equals the other reader's column.</summary>
    public static void SameColumn(ColumnData ours, InteropTable theirs, string reader, string file)
    {
        var column = theirs.ColumnIndex(ours.Field.Name);
        // DuckDB maps TIMESTAMP(NANOS, UTC) to TIMESTAMPTZ, which holds microseconds: it truncates the last 3 digits.
        var microsOnly = ours.Field.Logical == LogicalKind.Timestamp && ours.Field.TimeUnit == TimeUnit.Nanos
                         && theirs.Columns[column].Type.Contains("WITH TIME ZONE", StringComparison.Ordinal);
        Assert.True(theirs.RowCount == ours.Count, $"{reader} read {theirs.RowCount} rows of {file}, ours {ours.Count}");
        for (var row = 0; row < ours.Count; row++)
        {
            var expected = theirs.Text(row, column);
            var where = $"{file} column {ours.Field.Name} row {row} ({reader})";
            if (!ours.HasValue(row))
            {
                Assert.True(expected is null, $"{where}: ours is null, {reader} has {expected}");
                continue;
            }

            Assert.True(expected is not null, $"{where}: {reader} has null, ours {ValueFormatter.Format(ours, row)}");
            switch (ours)
            {
                case ColumnData<double> d:
                    AssertSameBits(d.Values[row], expected, where);
                    break;
                case ColumnData<float> f:
                    AssertSameBits(f.Values[row], expected, where);
                    break;
                case ColumnData<long> l when microsOnly:
                    var micros = Math.DivRem(l.Values[row], 1000, out var rest) - (rest < 0 ? 1 : 0);
                    Assert.True(expected == micros.ToString(CultureInfo.InvariantCulture), $"{where}: {reader} has {expected} (microseconds), ours {l.Values[row]} ns");
                    break;
                default:
                    var actual = Text(ours, row);
                    Assert.True(expected == actual, $"{where}: {reader} has {expected}, ours {actual}");
                    break;
            }
        }
    }

    private static void AssertSameBits(double ours, string expected, string where)
    {
        var theirs = double.Parse(expected, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(
            BitConverter.DoubleToInt64Bits(ours) == BitConverter.DoubleToInt64Bits(theirs) || (double.IsNaN(ours) && double.IsNaN(theirs)),
            $"{where}: other reader has {expected}, ours {ours.ToString("R", CultureInfo.InvariantCulture)}");
    }

    /// <summary>A value of ours in the interop text form.</summary>
    public static string Text(ColumnData column, int row)
    {
        var f = column.Field;
        return column switch
        {
            ColumnData<bool> c => c.Values[row] ? "true" : "false",
            ColumnData<int> c when f.Logical == LogicalKind.Decimal => Decimal(new BigInteger(c.Values[row]), f.DecimalScale),
            ColumnData<long> c when f.Logical == LogicalKind.Decimal => Decimal(new BigInteger(c.Values[row]), f.DecimalScale),
            ColumnData<int> c => f.IsUnsigned ? ((uint)c.Values[row]).ToString(CultureInfo.InvariantCulture) : c.Values[row].ToString(CultureInfo.InvariantCulture),
            ColumnData<long> c => f.IsUnsigned ? ((ulong)c.Values[row]).ToString(CultureInfo.InvariantCulture) : c.Values[row].ToString(CultureInfo.InvariantCulture),
            BinaryColumnData c when f.IsText => c.Values.GetString(row),
            BinaryColumnData c when f.Logical == LogicalKind.Uuid => new Guid(c.Values[row], bigEndian: true).ToString(),
            BinaryColumnData c when f.Logical == LogicalKind.Decimal => Decimal(new BigInteger(c.Values[row], isUnsigned: false, isBigEndian: true), f.DecimalScale),
            BinaryColumnData c => "0x" + Convert.ToHexString(c.Values[row]).ToLowerInvariant(),
            _ => throw new NotSupportedException(column.GetType().Name),
        };
    }

    private static string Decimal(BigInteger unscaled, int scale)
    {
        if (scale == 0) return unscaled.ToString(CultureInfo.InvariantCulture);
        var negative = unscaled.Sign < 0;
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        return (negative ? "-" : string.Empty) + digits[..^scale] + "." + digits[^scale..];
    }
}

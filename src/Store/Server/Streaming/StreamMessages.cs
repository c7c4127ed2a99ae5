using System.Buffers;
using Archiver.Store.Buckets;
using Archiver.Store.MessagePack;

namespace Archiver.Store.Server.Streaming;

/// <summary>The MessagePack messages <c>/ws</c> sends: data pushes <c>{key, data: {column: scalar}}</c> and <c>{error}</c>.</summary>
public static class StreamMessages
{
    /// <summary><c>{key, data}</c> for row <paramref name="row"/> of <paramref name="series"/>: integers as integers, f4 as float32, f8 as float64, U16 as str.</summary>
    public static byte[] Push(string key, ColumnSeries series, int row)
    {
        ArgumentNullException.ThrowIfNull(series);
        var buffer = new ArrayBufferWriter<byte>(256);
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(2);
        w.WriteString("key");
        w.WriteString(key);
        w.WriteString("data");
        w.WriteMapHeader(series.Columns.Count);
        foreach (var c in series.Columns)
        {
            w.WriteString(c.Name);
            switch (c.Type)
            {
                case ColumnType.I1: w.WriteInt64(c.Values<sbyte>()[row]); break;
                case ColumnType.I2: w.WriteInt64(c.Values<short>()[row]); break;
                case ColumnType.I4: w.WriteInt64(c.Values<int>()[row]); break;
                case ColumnType.I8: w.WriteInt64(c.Values<long>()[row]); break;
                case ColumnType.U1: w.WriteUInt64(c.Values<byte>()[row]); break;
                case ColumnType.U2: w.WriteUInt64(c.Values<ushort>()[row]); break;
                case ColumnType.U4: w.WriteUInt64(c.Values<uint>()[row]); break;
                case ColumnType.U8: w.WriteUInt64(c.Values<ulong>()[row]); break;
                case ColumnType.F4: w.WriteSingle(c.Values<float>()[row]); break;
                case ColumnType.F8: w.WriteDouble(c.Values<double>()[row]); break;
                default: w.WriteString(c.StringAt(row)); break;
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{error: "&lt;pattern&gt; is an invalid stream"}</c>.</summary>
    public static byte[] InvalidStream(string pattern)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(1);
        w.WriteString("error");
        w.WriteString($"{pattern} is an invalid stream");
        return buffer.WrittenSpan.ToArray();
    }
}

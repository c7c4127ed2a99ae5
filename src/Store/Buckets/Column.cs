using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Archiver.Store.Buckets;

/// <summary>
/// One column of values: a name, a type and the values packed little-endian without padding (exactly MarketStore's
/// wire layout, so a column goes to a client without conversion). The bytes may be a slice of a larger buffer.
/// </summary>
public sealed class Column
{
    public Column(string name, ColumnType type, ReadOnlyMemory<byte> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (data.Length % type.Size() != 0)
            throw new ArgumentException($"column {name}: {data.Length} bytes is not a whole number of {type.ToTypeString()} values", nameof(data));
        Name = name;
        Type = type;
        Data = data;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    /// <summary>The packed little-endian values.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Number of values.</summary>
    public int Length => Data.Length / Type.Size();

    /// <summary>The values as <typeparamref name="T"/>; the caller picks the type matching <see cref="Type"/>.</summary>
    public ReadOnlySpan<T> Values<T>() where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != Type.Size())
            throw new InvalidOperationException($"column {Name} is {Type.ToTypeString()}, not {typeof(T).Name}");
        return MemoryMarshal.Cast<byte, T>(Data.Span);
    }

    /// <summary>A column holding a copy of <paramref name="values"/>.</summary>
    public static Column From<T>(string name, ColumnType type, T[] values) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        if (Unsafe.SizeOf<T>() != type.Size()) throw new ArgumentException($"{typeof(T).Name} values cannot be a {type.ToTypeString()} column");
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        return new Column(name, type, bytes);
    }

    /// <summary>A U16 column from strings (at most 16 code points each; longer strings are an error).</summary>
    public static Column FromStrings(string name, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = new byte[values.Count * 64];
        for (var i = 0; i < values.Count; i++) U16.Encode(values[i], bytes.AsSpan(i * 64, 64));
        return new Column(name, ColumnType.U16, bytes);
    }

    /// <summary>The U16 value at <paramref name="row"/> as a string (trailing NULs dropped).</summary>
    public string StringAt(int row)
    {
        if (Type != ColumnType.U16) throw new InvalidOperationException($"column {Name} is {Type.ToTypeString()}, not U16");
        return U16.Decode(Data.Span.Slice(row * 64, 64));
    }

    /// <summary>The same values under another name.</summary>
    public Column Rename(string name) => new(name, Type, Data);

    /// <summary>Rows [<paramref name="start"/>, start + <paramref name="count"/>).</summary>
    public Column Slice(int start, int count) => new(Name, Type, Data.Slice(start * Type.Size(), count * Type.Size()));

    public override string ToString() => $"{Name}:{Type.ToTypeString()}[{Length}]";
}

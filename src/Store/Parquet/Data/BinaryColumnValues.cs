using System.Text;

namespace Archiver.Store.Parquet.Data;

/// <summary>
/// Variable-length values in the Arrow layout: one byte array and <c>Count + 1</c> offsets (the byte array may extend
/// past <c>Offsets[Count]</c>; those bytes belong to no value). Used for BYTE_ARRAY and
/// FIXED_LEN_BYTE_ARRAY columns, strings included, so a column of a million strings is two arrays, not a million
/// objects.
/// </summary>
public sealed class BinaryColumnValues
{
    public BinaryColumnValues(byte[] bytes, int[] offsets)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Length == 0) throw new ArgumentException("Offsets need at least one entry.", nameof(offsets));
        if (offsets[^1] > bytes.Length) throw new ArgumentException("The last offset is beyond the bytes.", nameof(offsets));
        Bytes = bytes;
        Offsets = offsets;
    }

    public byte[] Bytes { get; }

    public int[] Offsets { get; }

    public int Count => Offsets.Length - 1;

    public ReadOnlySpan<byte> this[int index] => Bytes.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>Builds values from strings (UTF-8).</summary>
    public static BinaryColumnValues FromStrings(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new BinaryValueBuilder(values.Count, values.Count * 8);
        Span<byte> scratch = stackalloc byte[256];
        foreach (var s in values)
        {
            var text = s ?? string.Empty;
            var max = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (max <= scratch.Length)
            {
                var n = Encoding.UTF8.GetBytes(text, scratch);
                builder.Add(scratch[..n]);
            }
            else
            {
                builder.Add(Encoding.UTF8.GetBytes(text));
            }
        }

        return builder.ToValues();
    }

    /// <summary>Builds values from byte arrays.</summary>
    public static BinaryColumnValues FromBytes(IReadOnlyList<byte[]?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new BinaryValueBuilder(values.Count, 4096);
        foreach (var v in values) builder.Add(v ?? []);
        return builder.ToValues();
    }
}

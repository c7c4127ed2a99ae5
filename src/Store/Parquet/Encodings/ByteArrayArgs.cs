namespace Archiver.Store.Parquet.Encodings;

/// <summary>Argument checks shared by the byte-array encoders (data plus Arrow-style offsets).</summary>
internal static class ByteArrayArgs
{
    /// <summary>
    /// Number of values described by <paramref name="offsets"/> (count + 1 entries; an empty span means none), after
    /// checking the offsets are non-decreasing and inside <paramref name="data"/>.
    /// </summary>
    public static int Count(ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets)
    {
        if (offsets.Length <= 1) return 0;
        var count = offsets.Length - 1;
        if (offsets[0] < 0 || offsets[count] > data.Length)
            throw new ArgumentException("Offsets point outside the data.", nameof(offsets));
        for (var i = 0; i < count; i++)
        {
            if (offsets[i + 1] < offsets[i]) throw new ArgumentException("Offsets must not decrease.", nameof(offsets));
        }

        return count;
    }
}

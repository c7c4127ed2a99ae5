using System.Runtime.InteropServices;

namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// Rows ready to apply to one bucket, exactly as logged: in the bucket's column order and types, sorted by time
/// (stable), fixed-bucket Epochs already slot starts and unique (last row won). The bytes are views into the log
/// record, so a live write and its replay apply the same thing.
/// </summary>
internal sealed class PreparedWrite
{
    public required int Rows { get; init; }

    /// <summary>i8 per row.</summary>
    public required ReadOnlyMemory<byte> Epochs { get; init; }

    /// <summary>i4 per row for variable buckets; empty for fixed ones.</summary>
    public required ReadOnlyMemory<byte> Nanos { get; init; }

    /// <summary>One packed column per bucket element.</summary>
    public required ReadOnlyMemory<byte>[] Columns { get; init; }

    /// <summary>Records in this inclusive range are removed first.</summary>
    public (StoreTime Start, StoreTime End)? Replace { get; init; }

    /// <summary>Before-images of the stored rows this write merges in place (<see cref="PartitionAction.MergeTail"/>).</summary>
    public TailImage[] Images { get; init; } = [];

    public ReadOnlySpan<long> EpochValues => MemoryMarshal.Cast<byte, long>(Epochs.Span);

    public ReadOnlySpan<int> NanoValues => MemoryMarshal.Cast<byte, int>(Nanos.Span);

    /// <summary>Time of row <paramref name="row"/>.</summary>
    public StoreTime TimeAt(int row) =>
        new(EpochValues[row], Nanos.IsEmpty ? 0 : NanoValues[row]);

    /// <summary>Stored column <paramref name="index"/> (0 Epoch, 1 Nanoseconds when variable, then elements).</summary>
    public ReadOnlyMemory<byte> Stored(int index, bool variable)
    {
        if (index == 0) return Epochs;
        if (variable && index == 1) return Nanos;
        return Columns[index - (variable ? 2 : 1)];
    }
}

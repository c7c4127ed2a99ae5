namespace Archiver.Store.Buckets.Storage;

/// <summary>
/// The before-image of stored rows that a write changes in place (<see cref="PartitionAction.MergeTail"/>): rows
/// [<see cref="FirstRow"/>, FirstRow + <see cref="Rows"/>) of partition version <see cref="PartitionStart"/>.<see cref="Version"/>,
/// every stored column. It is logged with the write, so recovery can put checkpointed rows back before replaying
/// the log (undo, newest first, then redo), and it is the stored side of the live merge (no second read).
/// </summary>
internal sealed class TailImage
{
    public required long PartitionStart { get; init; }

    public required int Version { get; init; }

    public required long FirstRow { get; init; }

    public required int Rows { get; init; }

    /// <summary>The stored columns' bytes (Epoch, Nanoseconds when variable, elements); empty until encoded or decoded.</summary>
    public ReadOnlyMemory<byte>[] Columns { get; set; } = [];

    /// <summary>Whether this is the image a <paramref name="step"/> needs to merge in place.</summary>
    public bool Covers(PartitionStep step) =>
        PartitionStart == step.Start && Version == step.Version && FirstRow == step.Position && Rows == step.TailRows;
}

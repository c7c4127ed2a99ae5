namespace Archiver.Store.Diagnostics;

/// <summary>The steps of ingest and of a store write that <see cref="PhaseClock"/> times (for the benchmarks).</summary>
internal enum StorePhase
{
    /// <summary>Reading an archive file into memory and hashing it.</summary>
    ReadAndHash,

    /// <summary>Parquet decode of the projected columns into tick rows.</summary>
    Decode,

    /// <summary>Reading back the stored ticks of the replaced minutes that came from other files.</summary>
    ReadBack,

    /// <summary>Sorting the file's ticks and merging them with the kept ones.</summary>
    SortMerge,

    /// <summary>Building the one-minute bars.</summary>
    Bars,

    /// <summary>Checking and ordering a write (WritePreparer).</summary>
    Prepare,

    /// <summary>Encoding the transaction into its log record (casts and gathers).</summary>
    Encode,

    /// <summary>Appending the record to the log file.</summary>
    LogWrite,

    /// <summary>Waiting for the log fsync (group commit).</summary>
    LogSync,

    /// <summary>Applying the logged entries to the column files.</summary>
    Apply,

    /// <summary>Checkpoints (meta files, syncfs, log reset).</summary>
    Checkpoint,

    /// <summary>Saving the ingest ledger.</summary>
    Ledger,
}

using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Metadata;
using Archiver.Store.Parquet.Schema;

namespace Archiver.Store.Archive;

/// <summary>
/// The Parquet schemas of the archive files (schema version <see cref="SchemaVersion"/>). Timestamps are
/// TIMESTAMP(MICROS, UTC): <c>ts</c> is the local receive time (which decides the file's hour), <c>exch_ts</c> the
/// exchange's time. l2book files are wide: <c>bid_px_0..N-1</c>, <c>bid_sz_0..</c>, <c>ask_px_0..</c>,
/// <c>ask_sz_0..</c>, best level first, null where the book had fewer levels.
/// </summary>
public static class ArchiveSchemas
{
    public const int SchemaVersion = 1;

    /// <summary>trades: one row per fill.</summary>
    public static ParquetSchema Trades { get; } = new(
        ParquetField.Timestamp("ts", TimeUnit.Micros),
        ParquetField.Timestamp("exch_ts", TimeUnit.Micros),
        ParquetField.Double("price"),
        ParquetField.Double("size"),
        ParquetField.Enum("side"),
        ParquetField.String("trade_id"),
        ParquetField.Integer("flags", 8, signed: false));

    /// <summary>l2book with <paramref name="depth"/> levels per side: one row per book snapshot.</summary>
    public static ParquetSchema L2Book(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        var fields = new List<ParquetField>(7 + (4 * depth))
        {
            ParquetField.Timestamp("ts", TimeUnit.Micros),
            ParquetField.Timestamp("exch_ts", TimeUnit.Micros),
            ParquetField.Timestamp("exch_tx_ts", TimeUnit.Micros, nullable: true),
            ParquetField.Int64("update_id", nullable: true),
            ParquetField.Int64("prev_update_id", nullable: true),
            ParquetField.Int64("seq", nullable: true),
            ParquetField.Integer("flags", 8, signed: false),
        };
        foreach (var side in new[] { "bid", "ask" })
        {
            for (var i = 0; i < depth; i++) fields.Add(ParquetField.Double($"{side}_px_{i}", nullable: true));
            for (var i = 0; i < depth; i++) fields.Add(ParquetField.Double($"{side}_sz_{i}", nullable: true));
        }

        return new ParquetSchema(fields);
    }

    /// <summary>The schema of <paramref name="key"/>'s files.</summary>
    public static ParquetSchema For(ArchiveFileKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Kind == ArchiveKind.L2Book ? L2Book(key.Depth) : Trades;
    }

    /// <summary>Writer settings for archive files: the tick-data defaults, row groups of at most 256 Ki rows.</summary>
    public static ParquetWriterOptions WriterOptions { get; } = ParquetWriterOptions.Default with { MaxRowsPerRowGroup = 256 * 1024 };

    /// <summary>Footer key-value metadata keys.</summary>
    public static class Keys
    {
        public const string Exchange = "exchange";
        public const string Symbol = "symbol";
        public const string Kind = "kind";
        public const string Depth = "depth";
        public const string SchemaVersion = "schema_version";
        public const string WriterVersion = "writer_version";
        public const string Rows = "rows";
        public const string FirstTs = "first_ts";
        public const string LastTs = "last_ts";
        public const string Gaps = "gaps";
        public const string Reconnects = "reconnects";
        public const string Hour = "hour";

        /// <summary>The journal segments this file was built from (comma-separated ids), so closing is idempotent.</summary>
        public const string Sources = "journal_segments";
    }
}

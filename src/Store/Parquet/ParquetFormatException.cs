namespace Archiver.Store.Parquet;

/// <summary>
/// The one exception the codec throws for a file that is corrupt, truncated, hostile or uses a feature the codec does
/// not support. Its message names the file, the column and the byte offset where they are known, so "this file is
/// bad" can be caught with a single <c>catch</c>. Caller mistakes (a null argument, a wrong column count) are reported
/// with the ordinary BCL argument exceptions instead.
/// </summary>
public sealed class ParquetFormatException : Exception
{
    public ParquetFormatException(string message)
        : base(message)
    {
    }

    public ParquetFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ParquetFormatException(string detail, string? file, string? column, long offset, Exception? inner = null)
        : base(Compose(detail, file, column, offset), inner)
    {
        Detail = detail;
        FilePath = file;
        Column = column;
        Offset = offset;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string? Detail { get; }

    /// <summary>The file being read, when known.</summary>
    public string? FilePath { get; }

    /// <summary>The column (dotted path) being read, when known.</summary>
    public string? Column { get; }

    /// <summary>Absolute byte offset in the file where the problem was found, or -1.</summary>
    public long Offset { get; } = -1;

    private static string Compose(string detail, string? file, string? column, long offset)
    {
        var where = new System.Text.StringBuilder();
        if (file is not null) where.Append(file);
        if (column is not null) where.Append(where.Length > 0 ? ", column " : "column ").Append(column);
        if (offset >= 0) where.Append(where.Length > 0 ? ", offset " : "offset ").Append(offset);
        return where.Length == 0 ? detail : $"{where}: {detail}";
    }
}

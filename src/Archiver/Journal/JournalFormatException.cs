namespace Archiver.Cli.Journal;

/// <summary>
/// A journal segment whose header is missing, torn or corrupt (records after a valid header are never reported this
/// way: the reader stops at a torn or corrupt record and says so in its <see cref="JournalReadResult"/>). The message
/// starts with <c>&lt;file&gt;, offset &lt;n&gt;:</c>.
/// </summary>
public sealed class JournalFormatException : Exception
{
    public JournalFormatException(string path, long offset, string detail)
        : base($"{path}, offset {offset}: {detail}")
    {
        FilePath = path;
        Offset = offset;
    }

    public JournalFormatException(string path, long offset, string detail, Exception inner)
        : base($"{path}, offset {offset}: {detail}", inner)
    {
        FilePath = path;
        Offset = offset;
    }

    /// <summary>The segment file.</summary>
    public string FilePath { get; }

    /// <summary>Where in the file the problem was found.</summary>
    public long Offset { get; }
}

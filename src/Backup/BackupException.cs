namespace Archiver.Backup;

/// <summary>A backup or restore that cannot go on, with a one-line message fit for the console.</summary>
public sealed class BackupException : Exception
{
    public BackupException()
    {
    }

    public BackupException(string message) : base(message)
    {
    }

    public BackupException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

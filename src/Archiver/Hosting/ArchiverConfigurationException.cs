namespace Archiver.Cli.Hosting;

/// <summary>
/// The configuration cannot be used: a missing or malformed file, a value that does not bind, or a setting the
/// validator refuses. The message is one line that names the setting by its configuration path.
/// </summary>
public sealed class ArchiverConfigurationException : Exception
{
    public ArchiverConfigurationException(string message)
        : base(message)
    {
    }

    public ArchiverConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace Archiver.Cli.Hosting;

/// <summary>
/// The first fatal failure after start-up (a feed that died): the component that hit it stops the application and
/// records it here, so the command exits non-zero with this message instead of 0.
/// </summary>
public sealed class ArchiverRunFailure
{
    private string? _message;

    /// <summary>The failure, as one line, or null when the run ended normally.</summary>
    public string? Message => Volatile.Read(ref _message);

    public void Report(string message) => Interlocked.CompareExchange(ref _message, message.ReplaceLineEndings(" "), null);
}

namespace Archiver.Cli;

/// <summary>A command could not do what was asked; the message is shown to the user as one line.</summary>
public sealed class CommandException : Exception
{
    public CommandException(string message)
        : base(message)
    {
    }

    public CommandException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace Archiver.Store.MessagePack;

/// <summary>
/// Input that is not valid MessagePack, or valid MessagePack of the wrong shape (a str where a bin was expected, an
/// integer out of range, a length beyond the input, nesting too deep, an ext value). <see cref="Offset"/> is the byte
/// where the offending value starts.
/// </summary>
public sealed class MessagePackException : Exception
{
    public MessagePackException(string message, long offset)
        : base($"msgpack: {message} at byte {offset}")
    {
        Offset = offset;
    }

    /// <summary>Byte offset of the offending value in the input.</summary>
    public long Offset { get; }
}

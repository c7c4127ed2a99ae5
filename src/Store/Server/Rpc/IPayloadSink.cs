namespace Archiver.Store.Server.Rpc;

/// <summary>
/// A reply writer that takes column payloads by reference instead of having them copied through
/// <see cref="System.Buffers.IBufferWriter{T}"/> (<see cref="ByteCounter"/> counts them, <see cref="ReplyBody"/> sends them in place).
/// </summary>
internal interface IPayloadSink
{
    /// <summary>The next <paramref name="payload"/> bytes of the reply, after everything written so far.</summary>
    void AddPayload(ReadOnlyMemory<byte> payload);
}

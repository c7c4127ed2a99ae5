using Archiver.Store.Parquet.IO;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// A write-only <see cref="Stream"/> that appends to a <see cref="PooledBufferWriter"/>, so stream-based compressors
/// can write straight into the page buffer. One instance per thread is reused by pointing it at each call's target.
/// </summary>
internal sealed class BufferWriterStream : Stream
{
    private PooledBufferWriter? _target;

    public PooledBufferWriter Target
    {
        get => _target ?? throw new InvalidOperationException("No target buffer.");
        set => _target = value;
    }

    public void Detach() => _target = null;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => Target.Write(buffer);

    public override void WriteByte(byte value) => Target.WriteByte(value);
}

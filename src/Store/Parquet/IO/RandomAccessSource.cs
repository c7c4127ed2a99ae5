using Microsoft.Win32.SafeHandles;

namespace Archiver.Store.Parquet.IO;

/// <summary>
/// Positional reads from a file or an in-memory buffer. Reads never move a shared position, so one reader can serve
/// several threads, and every read is checked against <see cref="Length"/>.
/// </summary>
public abstract class RandomAccessSource : IDisposable
{
    /// <summary>Total length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Name shown in error messages (the file path, or a description).</summary>
    public abstract string Name { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; the range must be inside the source.</summary>
    public void ReadExactly(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > Length || destination.Length > Length - offset)
            throw new ParquetFormatException($"read of {destination.Length} bytes beyond the end of the file ({Length} bytes)", Name, null, offset);
        ReadCore(offset, destination);
    }

    protected abstract void ReadCore(long offset, Span<byte> destination);

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens <paramref name="path"/> for positional reads.</summary>
    public static RandomAccessSource OpenFile(string path) => new FileSource(path);

    /// <summary>Wraps an in-memory copy of a file.</summary>
    public static RandomAccessSource FromMemory(ReadOnlyMemory<byte> bytes, string name = "<memory>") => new MemorySource(bytes, name);

    private sealed class FileSource : RandomAccessSource
    {
        private readonly SafeFileHandle _handle;

        public FileSource(string path)
        {
            Name = path;
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            Length = RandomAccess.GetLength(_handle);
        }

        public override long Length { get; }

        public override string Name { get; }

        protected override void ReadCore(long offset, Span<byte> destination)
        {
            while (!destination.IsEmpty)
            {
                var n = RandomAccess.Read(_handle, destination, offset);
                if (n == 0) throw new ParquetFormatException("file shrank while being read", Name, null, offset);
                destination = destination[n..];
                offset += n;
            }
        }

        public override void Dispose()
        {
            _handle.Dispose();
            base.Dispose();
        }
    }

    private sealed class MemorySource(ReadOnlyMemory<byte> bytes, string name) : RandomAccessSource
    {
        public override long Length => bytes.Length;

        public override string Name => name;

        protected override void ReadCore(long offset, Span<byte> destination) =>
            bytes.Span.Slice((int)offset, destination.Length).CopyTo(destination);
    }
}

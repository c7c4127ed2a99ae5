using Microsoft.Win32.SafeHandles;

namespace Archiver.Store.Buckets.Storage;

/// <summary>Positional reads and writes of column files, with errors that name the file.</summary>
internal static class ColumnFile
{
    public static SafeFileHandle OpenRead(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{path}: cannot open the column file: {e.Message}", e);
        }
    }

    public static SafeFileHandle OpenWrite(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{path}: cannot open the column file for writing: {e.Message}", e);
        }
    }

    /// <summary>
    /// Opens a column file read-write to keep it open (<see cref="Partition.CachedHandle"/>) for readers and the writer
    /// alike; <paramref name="create"/> creates a missing file (the writer), otherwise a missing file is an error.
    /// </summary>
    public static SafeFileHandle OpenKept(string path, bool create)
    {
        try
        {
            return File.OpenHandle(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"{path}: cannot open the column file: {e.Message}", e);
        }
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> from <paramref name="offset"/> of <paramref name="file"/> in <paramref name="directory"/>
    /// (joined only for an error message); a file that ends early is damaged.
    /// </summary>
    public static void ReadExact(SafeFileHandle handle, string directory, string file, Span<byte> buffer, long offset)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            int n;
            try
            {
                n = RandomAccess.Read(handle, buffer[done..], offset + done);
            }
            catch (IOException e)
            {
                throw new StoreException($"{Path.Combine(directory, file)}: cannot read the column file: {e.Message}", e);
            }

            if (n == 0) throw new StoreException($"{Path.Combine(directory, file)}: the column file ends at {offset + done} bytes, {offset + buffer.Length} expected (damaged store)");
            done += n;
        }
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> of <paramref name="file"/> in <paramref name="directory"/> (joined only for an error message).</summary>
    public static void Write(SafeFileHandle handle, string directory, string file, ReadOnlySpan<byte> data, long offset)
    {
        try
        {
            RandomAccess.Write(handle, data, offset);
        }
        catch (IOException e)
        {
            throw new StoreException($"{Path.Combine(directory, file)}: cannot write the column file: {e.Message}", e);
        }
    }
}

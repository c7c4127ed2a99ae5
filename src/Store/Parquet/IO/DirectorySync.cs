using System.Runtime.InteropServices;

namespace Archiver.Store.Parquet.IO;

/// <summary>
/// Makes a directory's entries (a newly created file) durable: fsync of the directory itself, which .NET cannot do
/// (<c>File.OpenHandle</c> refuses directories with <see cref="UnauthorizedAccessException"/>), so it calls libc.
/// </summary>
public static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int InvalidArgument = 22;

    /// <summary>Fsyncs <paramref name="directory"/> through libc (Linux, the target); nothing on Windows (NTFS journals metadata).</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void Fsync(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(directory, ReadOnly);
        if (fd < 0) throw Error(directory, "open");
        try
        {
            // EINVAL: the file system cannot sync directories; there is nothing more to do.
            if (FsyncFd(fd) != 0 && Marshal.GetLastPInvokeError() != InvalidArgument) throw Error(directory, "fsync");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Makes everything written to the file system holding <paramref name="path"/> durable with one <c>syncfs</c> (Linux):
    /// one call instead of an fsync per file for a group commit over many files. Returns false where syncfs is not
    /// available (the caller then fsyncs each file).
    /// </summary>
    /// <exception cref="IOException">The sync itself failed.</exception>
    public static bool SyncFileSystem(string path)
    {
        if (!OperatingSystem.IsLinux()) return false;
        var fd = Open(path, ReadOnly);
        if (fd < 0) throw Error(path, "open");
        try
        {
            if (SyncFs(fd) != 0) throw Error(path, "syncfs");
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException Error(string directory, string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{directory}: {call} of the directory failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncFd(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}

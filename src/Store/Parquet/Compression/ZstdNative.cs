using System.Runtime.InteropServices;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// Source-generated bindings to the system zstd library (<c>libzstd.so.1</c>). Before the first call the library is
/// probed with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>, so a machine without it gets one clear
/// <see cref="NotSupportedException"/> instead of a <see cref="DllNotFoundException"/> from deep inside a read.
/// </summary>
internal static unsafe partial class ZstdNative
{
    public const string LibraryName = "libzstd.so.1";

    public const string MissingMessage =
        "ZSTD needs the system library libzstd.so.1, which was not found (Debian/Ubuntu: apt-get install libzstd1)";

    // 0 = not probed yet, 1 = loaded, 2 = missing.
    private static volatile int s_state;

    /// <summary>True if the library can be loaded (probed once per process).</summary>
    public static bool IsAvailable
    {
        get
        {
            if (s_state == 0) s_state = Probe(LibraryName) ? 1 : 2;
            return s_state == 1;
        }
    }

    /// <summary>Throws the one-line <see cref="NotSupportedException"/> if the library is missing.</summary>
    public static void EnsureAvailable()
    {
        if (!IsAvailable) throw new NotSupportedException(MissingMessage);
    }

    /// <summary>
    /// Test seam: performs the same check against another library name without touching the process-wide state,
    /// so a test can show what a machine without the library sees.
    /// </summary>
    internal static void EnsureAvailable(string libraryName)
    {
        if (!Probe(libraryName)) throw new NotSupportedException(MissingMessage);
    }

    private static bool Probe(string libraryName)
    {
        if (!NativeLibrary.TryLoad(libraryName, typeof(ZstdNative).Assembly, DllImportSearchPath.SafeDirectories, out var handle)) return false;

        // Keep the handle: the generated stubs resolve the same name, and unloading would only make them reload it.
        return handle != IntPtr.Zero;
    }

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_compressBound")]
    public static partial nuint CompressBound(nuint srcSize);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_createCCtx")]
    public static partial IntPtr CreateCCtx();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_freeCCtx")]
    public static partial nuint FreeCCtx(IntPtr cctx);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_compressCCtx")]
    public static partial nuint CompressCCtx(IntPtr cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int compressionLevel);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_createDCtx")]
    public static partial IntPtr CreateDCtx();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDCtx(IntPtr dctx);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_decompressDCtx")]
    public static partial nuint DecompressDCtx(IntPtr dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_getErrorName")]
    public static partial byte* GetErrorName(nuint code);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_minCLevel")]
    public static partial int MinCLevel();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_maxCLevel")]
    public static partial int MaxCLevel();

    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8((IntPtr)GetErrorName(code)) ?? "unknown error";
}

using Archiver.Store.Parquet.IO;
using Microsoft.Win32.SafeHandles;

namespace Archiver.Store.Parquet.Compression;

/// <summary>
/// Zstandard through the system libzstd, with one compression and one decompression context per thread (a context
/// holds sizeable tables, so reusing it is what makes small pages cheap). The contexts are freed when their thread's
/// handle is finalized.
/// </summary>
internal static unsafe class ZstdCodec
{
    public const int DefaultLevel = 3;

    [ThreadStatic]
    private static CompressionContext? t_cctx;

    [ThreadStatic]
    private static DecompressionContext? t_dctx;

    public static int Compress(ReadOnlySpan<byte> input, PooledBufferWriter output, int level)
    {
        ZstdNative.EnsureAvailable();
        if (level == 0) level = DefaultLevel;
        if (level is < 1 or > 19) level = Math.Clamp(level, ZstdNative.MinCLevel(), ZstdNative.MaxCLevel());
        var bound = ZstdNative.CompressBound((nuint)input.Length);
        if (bound > int.MaxValue) throw new ArgumentException("Input too large for one zstd call.", nameof(input));
        var dest = output.GetSpan((int)bound);
        var cctx = t_cctx ??= CompressionContext.Create();
        nuint result;
        fixed (byte* src = input)
        fixed (byte* dst = dest)
        {
            result = ZstdNative.CompressCCtx(cctx.DangerousGetHandle(), dst, (nuint)dest.Length, src, (nuint)input.Length, level);
        }

        GC.KeepAlive(cctx);
        if (ZstdNative.IsError(result) != 0) throw new InvalidOperationException("zstd compression failed: " + ZstdNative.ErrorName(result));
        output.Advance((int)result);
        return (int)result;
    }

    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ZstdNative.EnsureAvailable();
        var dctx = t_dctx ??= DecompressionContext.Create();
        nuint result;
        fixed (byte* src = input)
        fixed (byte* dst = output)
        {
            result = ZstdNative.DecompressDCtx(dctx.DangerousGetHandle(), dst, (nuint)output.Length, src, (nuint)input.Length);
        }

        GC.KeepAlive(dctx);
        if (ZstdNative.IsError(result) != 0) ParquetThrow.Corrupt("zstd: " + ZstdNative.ErrorName(result));
        if (result != (nuint)output.Length) ParquetThrow.Corrupt($"zstd: data holds {result} bytes, page header declares {output.Length}");
    }

    private sealed class CompressionContext : SafeHandleZeroOrMinusOneIsInvalid
    {
        private CompressionContext()
            : base(ownsHandle: true)
        {
        }

        public static CompressionContext Create()
        {
            var context = new CompressionContext();
            var raw = ZstdNative.CreateCCtx();
            if (raw == IntPtr.Zero) throw new OutOfMemoryException("ZSTD_createCCtx failed.");
            context.SetHandle(raw);
            return context;
        }

        protected override bool ReleaseHandle()
        {
            ZstdNative.FreeCCtx(handle);
            return true;
        }
    }

    private sealed class DecompressionContext : SafeHandleZeroOrMinusOneIsInvalid
    {
        private DecompressionContext()
            : base(ownsHandle: true)
        {
        }

        public static DecompressionContext Create()
        {
            var context = new DecompressionContext();
            var raw = ZstdNative.CreateDCtx();
            if (raw == IntPtr.Zero) throw new OutOfMemoryException("ZSTD_createDCtx failed.");
            context.SetHandle(raw);
            return context;
        }

        protected override bool ReleaseHandle()
        {
            ZstdNative.FreeDCtx(handle);
            return true;
        }
    }
}

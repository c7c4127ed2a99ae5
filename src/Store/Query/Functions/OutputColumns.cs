using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Archiver.Store.Query.Functions;

/// <summary>Allocates the packed bytes of a function's output column and hands them out typed, without a copy.</summary>
internal static class OutputColumns
{
    public static Span<T> Allocate<T>(int count, out byte[] bytes) where T : unmanaged
    {
        bytes = count == 0 ? [] : new byte[count * Unsafe.SizeOf<T>()];
        return MemoryMarshal.Cast<byte, T>(bytes.AsSpan());
    }
}

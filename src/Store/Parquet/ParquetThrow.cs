using System.Diagnostics.CodeAnalysis;

namespace Archiver.Store.Parquet;

/// <summary>
/// Throw helpers for malformed input, kept out of line so the hot paths that call them stay small. Low-level decoders
/// throw with only a detail (and a position relative to their input); the page and file readers catch and rethrow
/// with the file, column and absolute offset (see <see cref="ParquetFormatException"/>).
/// </summary>
internal static class ParquetThrow
{
    [DoesNotReturn]
    public static void Corrupt(string detail) => throw new ParquetFormatException(detail);

    [DoesNotReturn]
    public static T Corrupt<T>(string detail) => throw new ParquetFormatException(detail);

    [DoesNotReturn]
    public static void Truncated(string what, long needed, long available) =>
        throw new ParquetFormatException($"truncated {what}: needs {needed} bytes, {available} available");

    [DoesNotReturn]
    public static void Unsupported(string detail) => throw new ParquetFormatException("unsupported: " + detail);

    /// <summary>Malformed input found at <paramref name="position"/> (relative to the decoder's input).</summary>
    [DoesNotReturn]
    public static void CorruptAt(string detail, long position) =>
        throw new ParquetFormatException($"{detail} (at byte {position})");

    /// <summary>Input ends before <paramref name="what"/>, which starts at <paramref name="position"/>.</summary>
    [DoesNotReturn]
    public static void TruncatedAt(string what, long position, long needed, long available) =>
        throw new ParquetFormatException(
            $"truncated {what} at byte {position}: needs {needed} bytes, {available} available");
}

using System.Diagnostics.CodeAnalysis;

namespace Archiver.Store.Parquet.Thrift;

/// <summary>
/// Throw helpers for malformed thrift input. Every message ends with the byte position (relative to the start of the
/// thrift input) where the problem was found; callers that know the absolute file offset add it when rethrowing.
/// </summary>
internal static class ThriftThrow
{
    [DoesNotReturn]
    public static void Corrupt(string detail, int position) =>
        throw new ParquetFormatException($"malformed thrift: {detail} (at byte {position})");

    [DoesNotReturn]
    public static T Corrupt<T>(string detail, int position) =>
        throw new ParquetFormatException($"malformed thrift: {detail} (at byte {position})");

    [DoesNotReturn]
    public static void Truncated(string what, int position, long needed, int available) =>
        throw new ParquetFormatException(
            $"truncated thrift: {what} at byte {position} needs {needed} bytes, {available} available");

    [DoesNotReturn]
    public static void TooDeep(int position) =>
        throw new ParquetFormatException(
            $"malformed thrift: nesting deeper than {ParquetLimits.MaxThriftDepth} levels (at byte {position})");

    [DoesNotReturn]
    public static void MissingField(string structName, string fieldName, int fieldId, int position) =>
        throw new ParquetFormatException(
            $"malformed thrift: {structName}.{fieldName} (field {fieldId}) is required but missing (struct ended at byte {position})");

    [DoesNotReturn]
    public static void Invalid(string structName, string fieldName, long value, int position) =>
        throw new ParquetFormatException(
            $"invalid {structName}.{fieldName}: {value} (at byte {position})");
}

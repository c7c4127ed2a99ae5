using System.Buffers.Binary;
using System.Numerics;

namespace Archiver.Cli.Journal;

/// <summary>
/// CRC-32C (Castagnoli, the iSCSI/ext4 polynomial) over a span, 8 bytes per step through
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> (SSE4.2 / ARMv8 CRC instructions where present). Initial value and
/// final xor are all ones, so the check value of "123456789" is 0xE3069283.
/// </summary>
internal static class JournalCrc
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        if (data.Length >= 4)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }

        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}

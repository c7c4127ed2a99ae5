using System.Runtime.CompilerServices;

namespace Archiver.Store.Parquet.Encodings;

/// <summary>
/// Streaming DELTA_BINARY_PACKED decoder: yields values in 64-bit wrapping arithmetic (truncate for INT32; the low 32
/// bits of a 64-bit wrapping sum equal the 32-bit wrapping sum). It decodes 32 values at a time and never holds more,
/// so a header claiming a huge block allocates nothing. Every header, width byte and miniblock is checked against the
/// input before it is read.
/// </summary>
internal ref struct DeltaBinaryPackedReader
{
    private const int Chunk = 32;

    private readonly ReadOnlySpan<byte> _input;
    private readonly int _miniblocksPerBlock;
    private readonly int _valuesPerMiniblock;
    private int _pos;
    private int _remaining;
    private bool _firstPending;
    private ulong _last;
    private ulong _minDelta;
    private int _widthsPos;
    private int _miniblockIndex;
    private int _miniblockLeft;
    private int _width;
    private ChunkBuffer _buffer;
    private int _bufferPos;
    private int _bufferLength;

    public DeltaBinaryPackedReader(ReadOnlySpan<byte> input)
    {
        _input = input;
        var pos = 0;
        var blockSize = VarIntReader.ReadUInt64(input, ref pos, "DELTA_BINARY_PACKED block size");
        if (blockSize == 0 || blockSize % 128 != 0 || blockSize > int.MaxValue)
            ParquetThrow.CorruptAt($"DELTA_BINARY_PACKED block size {blockSize} is not a positive multiple of 128", 0);
        var miniPos = pos;
        var miniblocks = VarIntReader.ReadUInt64(input, ref pos, "DELTA_BINARY_PACKED miniblock count");
        if (miniblocks == 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % 32 != 0)
            ParquetThrow.CorruptAt(
                $"DELTA_BINARY_PACKED miniblock count {miniblocks} does not split block size {blockSize} into multiples of 32",
                miniPos);
        var countPos = pos;
        var count = VarIntReader.ReadUInt64(input, ref pos, "DELTA_BINARY_PACKED value count");
        if (count > ParquetLimits.MaxValuesPerPage)
            ParquetThrow.CorruptAt($"DELTA_BINARY_PACKED value count {count} exceeds the page limit", countPos);
        var first = VarIntReader.ReadZigZag64(input, ref pos, "DELTA_BINARY_PACKED first value");
        _miniblocksPerBlock = (int)miniblocks;
        _valuesPerMiniblock = (int)(blockSize / miniblocks);
        TotalCount = (int)count;
        _remaining = (int)count;
        _firstPending = count > 0;
        _last = (ulong)first;
        _miniblockIndex = _miniblocksPerBlock; // forces a block header before the first miniblock
        _pos = pos;
    }

    /// <summary>Number of values the header announces.</summary>
    public int TotalCount { get; }

    /// <summary>Bytes consumed so far; after the last value, the length of the whole encoding.</summary>
    public readonly int Position => _pos;

    /// <summary>Values not yet returned.</summary>
    public readonly int Remaining => _remaining + (_bufferLength - _bufferPos);

    /// <summary>Fills <paramref name="destination"/> as far as values remain; returns how many were written.</summary>
    public int Read(scoped Span<ulong> destination)
    {
        var written = 0;
        if (_firstPending && destination.Length > 0)
        {
            destination[0] = _last;
            _firstPending = false;
            _remaining--;
            written = 1;
        }

        while (written < destination.Length)
        {
            if (_bufferPos < _bufferLength)
            {
                var k = Math.Min(_bufferLength - _bufferPos, destination.Length - written);
                ((ReadOnlySpan<ulong>)_buffer)[_bufferPos..(_bufferPos + k)].CopyTo(destination[written..]);
                _bufferPos += k;
                written += k;
                continue;
            }

            if (_remaining == 0) break;
            if (destination.Length - written >= Chunk)
            {
                written += NextChunk(destination.Slice(written, Chunk));
            }
            else
            {
                _bufferLength = NextChunk(_buffer);
                _bufferPos = 0;
            }
        }

        return written;
    }

    /// <summary>Decodes the next (up to) 32 values into <paramref name="target"/> (32 long); returns how many.</summary>
    private int NextChunk(scoped Span<ulong> target)
    {
        if (_miniblockLeft == 0) StartMiniblock();
        var bytes = 4 * _width; // 32 values of _width bits
        BitPacking.Unpack64(_input.Slice(_pos, bytes), _width, target);
        _pos += bytes;
        _miniblockLeft -= Chunk;
        var take = Math.Min(Chunk, _remaining);
        var last = _last;
        var min = _minDelta;
        for (var k = 0; k < take; k++)
        {
            last += min + target[k];
            target[k] = last;
        }

        _last = last;
        _remaining -= take;
        if (_remaining == 0)
        {
            // Skip the padding of the final miniblock (its full length was checked in StartMiniblock).
            _pos += _miniblockLeft / Chunk * bytes;
            _miniblockLeft = 0;
        }

        return take;
    }

    private void StartMiniblock()
    {
        if (_miniblockIndex >= _miniblocksPerBlock) StartBlock();
        var widthPos = _widthsPos + _miniblockIndex;
        int width = _input[widthPos];
        if (width > 64) ParquetThrow.CorruptAt($"DELTA_BINARY_PACKED miniblock bit width {width} exceeds 64", widthPos);
        var bytes = (long)_valuesPerMiniblock * width / 8;
        if (bytes > _input.Length - _pos)
            ParquetThrow.TruncatedAt("DELTA_BINARY_PACKED miniblock", _pos, bytes, _input.Length - _pos);
        _width = width;
        _miniblockLeft = _valuesPerMiniblock;
        _miniblockIndex++;
    }

    private void StartBlock()
    {
        var pos = _pos;
        _minDelta = (ulong)VarIntReader.ReadZigZag64(_input, ref pos, "DELTA_BINARY_PACKED min delta");
        if (_input.Length - pos < _miniblocksPerBlock)
            ParquetThrow.TruncatedAt("DELTA_BINARY_PACKED miniblock widths", pos, _miniblocksPerBlock, _input.Length - pos);
        _widthsPos = pos;
        _pos = pos + _miniblocksPerBlock;
        _miniblockIndex = 0;
    }

    [InlineArray(Chunk)]
    private struct ChunkBuffer
    {
        private ulong _element;
    }
}

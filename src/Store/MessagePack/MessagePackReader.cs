using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Archiver.Store.MessagePack;

/// <summary>
/// Reads MessagePack values one at a time from a span, without allocating (except <see cref="ReadString"/>). Keeps
/// str and bin apart, reads every integer width with range checks, rejects ext values, and checks every declared
/// length against the bytes left before anything is sized from it. Every error is a <see cref="MessagePackException"/>
/// carrying the offset of the offending value.
/// </summary>
public ref struct MessagePackReader
{
    /// <summary>Default nesting limit for <see cref="Skip()"/>.</summary>
    public const int DefaultMaxDepth = 64;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _maxDepth;
    private int _position;

    public MessagePackReader(ReadOnlySpan<byte> buffer, int maxDepth = DefaultMaxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        _buffer = buffer;
        _maxDepth = maxDepth;
        _position = 0;
    }

    /// <summary>Offset of the next value from the start of the buffer.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool End => _position >= _buffer.Length;

    /// <summary>The family of the next value (without consuming it).</summary>
    public readonly MessagePackType PeekType()
    {
        if (End) throw new MessagePackException("unexpected end of input", _position);
        var code = _buffer[_position];
        var type = MessagePackCode.TypeOf(code);
        if ((int)type < 0) throw new MessagePackException("format byte 0xc1 is never used", _position);
        return type;
    }

    /// <summary>Whether the next value is nil.</summary>
    public readonly bool IsNil => !End && _buffer[_position] == MessagePackCode.Nil;

    /// <summary>Consumes a nil if the next value is one.</summary>
    public bool TryReadNil()
    {
        if (!IsNil) return false;
        _position++;
        return true;
    }

    public void ReadNil()
    {
        if (!TryReadNil()) throw Unexpected("nil");
    }

    public bool ReadBoolean()
    {
        var code = Code();
        if (code == MessagePackCode.True) { _position++; return true; }
        if (code == MessagePackCode.False) { _position++; return false; }
        throw Unexpected("bool");
    }

    /// <summary>Any integer width as a signed 64-bit value; uint64 above <see cref="long.MaxValue"/> is an error.</summary>
    public long ReadInt64()
    {
        var start = _position;
        var code = Code();
        switch (code)
        {
            case <= MessagePackCode.MaxPositiveFixInt:
                _position++;
                return code;
            case >= MessagePackCode.MinNegativeFixInt:
                _position++;
                return (sbyte)code;
            case MessagePackCode.UInt8: return Take(2)[1];
            case MessagePackCode.UInt16: return BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]);
            case MessagePackCode.UInt32: return BinaryPrimitives.ReadUInt32BigEndian(Take(5)[1..]);
            case MessagePackCode.UInt64:
            {
                var v = BinaryPrimitives.ReadUInt64BigEndian(Take(9)[1..]);
                if (v > long.MaxValue)
                {
                    _position = start;
                    throw new MessagePackException(string.Create(CultureInfo.InvariantCulture, $"integer {v} does not fit a signed 64-bit value"), start);
                }

                return (long)v;
            }
            case MessagePackCode.Int8: return (sbyte)Take(2)[1];
            case MessagePackCode.Int16: return BinaryPrimitives.ReadInt16BigEndian(Take(3)[1..]);
            case MessagePackCode.Int32: return BinaryPrimitives.ReadInt32BigEndian(Take(5)[1..]);
            case MessagePackCode.Int64: return BinaryPrimitives.ReadInt64BigEndian(Take(9)[1..]);
            default: throw Unexpected("integer");
        }
    }

    /// <summary>Any integer width as an unsigned 64-bit value; negative values are an error.</summary>
    public ulong ReadUInt64()
    {
        var start = _position;
        if (Code() == MessagePackCode.UInt64) return BinaryPrimitives.ReadUInt64BigEndian(Take(9)[1..]);
        var v = ReadInt64();
        if (v < 0)
        {
            _position = start;
            throw new MessagePackException(string.Create(CultureInfo.InvariantCulture, $"integer {v} is negative where an unsigned value is expected"), start);
        }

        return (ulong)v;
    }

    /// <summary>Any integer width that fits a signed 32-bit value.</summary>
    public int ReadInt32()
    {
        var start = _position;
        var v = ReadInt64();
        if (v is < int.MinValue or > int.MaxValue)
        {
            _position = start;
            throw new MessagePackException(string.Create(CultureInfo.InvariantCulture, $"integer {v} does not fit a 32-bit value"), start);
        }

        return (int)v;
    }

    /// <summary>A float32 or float64 (an integer is accepted and converted).</summary>
    public double ReadDouble()
    {
        var code = Code();
        if (code == MessagePackCode.Float64) return BinaryPrimitives.ReadDoubleBigEndian(Take(9)[1..]);
        if (code == MessagePackCode.Float32) return BinaryPrimitives.ReadSingleBigEndian(Take(5)[1..]);
        if (MessagePackCode.TypeOf(code) == MessagePackType.Integer)
        {
            return code == MessagePackCode.UInt64 ? ReadUInt64() : ReadInt64();
        }

        throw Unexpected("float");
    }

    /// <summary>A float32 (a float64 or integer is accepted and converted).</summary>
    public float ReadSingle()
    {
        if (Code() == MessagePackCode.Float32) return BinaryPrimitives.ReadSingleBigEndian(Take(5)[1..]);
        return (float)ReadDouble();
    }

    /// <summary>The UTF-8 bytes of a str value (fixstr, str8/16/32); a bin is an error.</summary>
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        var start = _position;
        var code = Code();
        int length;
        int header;
        switch (code)
        {
            case >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr:
                length = code & 0x1f;
                header = 1;
                break;
            case MessagePackCode.Str8:
                length = Peek(2)[1];
                header = 2;
                break;
            case MessagePackCode.Str16:
                length = BinaryPrimitives.ReadUInt16BigEndian(Peek(3)[1..]);
                header = 3;
                break;
            case MessagePackCode.Str32:
                length = Length32(Peek(5)[1..], start);
                header = 5;
                break;
            default: throw Unexpected("str");
        }

        return Payload(start, header, length);
    }

    /// <summary>A str value as a string (allocates). Invalid UTF-8 is an error.</summary>
    public string ReadString()
    {
        var start = _position;
        var bytes = ReadStringBytes();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            _position = start;
            throw new MessagePackException("str is not valid UTF-8", start);
        }
    }

    /// <summary>A str value or nil (null).</summary>
    public string? ReadNullableString() => TryReadNil() ? null : ReadString();

    /// <summary>The payload of a bin value (bin8/16/32) as a slice of the input; a str is an error.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        var range = ReadBinaryRange();
        return _buffer.Slice(range.Offset, range.Length);
    }

    /// <summary>Where the payload of a bin value lies in the input, so callers can slice their own memory of it.</summary>
    public (int Offset, int Length) ReadBinaryRange()
    {
        var start = _position;
        var code = Code();
        int length;
        int header;
        switch (code)
        {
            case MessagePackCode.Bin8:
                length = Peek(2)[1];
                header = 2;
                break;
            case MessagePackCode.Bin16:
                length = BinaryPrimitives.ReadUInt16BigEndian(Peek(3)[1..]);
                header = 3;
                break;
            case MessagePackCode.Bin32:
                length = Length32(Peek(5)[1..], start);
                header = 5;
                break;
            default: throw Unexpected("bin");
        }

        Payload(start, header, length);
        return (start + header, length);
    }

    /// <summary>An array header: the element count, checked against the bytes left (each element takes at least one).</summary>
    public int ReadArrayHeader()
    {
        var start = _position;
        var code = Code();
        int count;
        switch (code)
        {
            case >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray:
                count = code & 0x0f;
                _position++;
                break;
            case MessagePackCode.Array16:
                count = BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]);
                break;
            case MessagePackCode.Array32:
                count = Length32(Peek(5)[1..], start);
                _position += 5;
                break;
            default: throw Unexpected("array");
        }

        if (count > Remaining)
        {
            var left = Remaining;
            _position = start;
            throw new MessagePackException(string.Create(CultureInfo.InvariantCulture, $"array of {count} elements is longer than the {left} bytes left"), start);
        }

        return count;
    }

    /// <summary>A map header: the entry count, checked against the bytes left (each entry takes at least two).</summary>
    public int ReadMapHeader()
    {
        var start = _position;
        var code = Code();
        int count;
        switch (code)
        {
            case >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap:
                count = code & 0x0f;
                _position++;
                break;
            case MessagePackCode.Map16:
                count = BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]);
                break;
            case MessagePackCode.Map32:
                count = Length32(Peek(5)[1..], start);
                _position += 5;
                break;
            default: throw Unexpected("map");
        }

        if ((long)count * 2 > Remaining)
        {
            var left = Remaining;
            _position = start;
            throw new MessagePackException(string.Create(CultureInfo.InvariantCulture, $"map of {count} entries is longer than the {left} bytes left"), start);
        }

        return count;
    }

    /// <summary>Skips one value of any kind (nested values included, up to the depth limit). Ext values are rejected.</summary>
    public void Skip() => SkipAt(0);

    /// <summary>The bytes of the next value, whole (header and nested values), consumed.</summary>
    public ReadOnlySpan<byte> ReadRaw()
    {
        var start = _position;
        Skip();
        return _buffer[start.._position];
    }

    private void SkipAt(int depth)
    {
        var start = _position;
        switch (PeekType())
        {
            case MessagePackType.Nil:
            case MessagePackType.Boolean:
                _position++;
                break;
            case MessagePackType.Integer:
                if (Code() == MessagePackCode.UInt64) ReadUInt64();
                else ReadInt64();
                break;
            case MessagePackType.Float:
                ReadDouble();
                break;
            case MessagePackType.String:
                ReadStringBytes();
                break;
            case MessagePackType.Binary:
                ReadBinaryRange();
                break;
            case MessagePackType.Array:
            {
                if (depth >= _maxDepth) throw TooDeep(start);
                var n = ReadArrayHeader();
                for (var i = 0; i < n; i++) SkipAt(depth + 1);
                break;
            }

            case MessagePackType.Map:
            {
                if (depth >= _maxDepth) throw TooDeep(start);
                var n = ReadMapHeader();
                for (var i = 0; i < 2 * n; i++) SkipAt(depth + 1);
                break;
            }

            default:
                throw Unexpected("a value");
        }
    }

    private MessagePackException TooDeep(int start) =>
        new(string.Create(CultureInfo.InvariantCulture, $"nesting deeper than {_maxDepth} levels"), start);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte Code()
    {
        if (End) throw new MessagePackException("unexpected end of input", _position);
        return _buffer[_position];
    }

    private readonly ReadOnlySpan<byte> Peek(int count)
    {
        if (count > Remaining)
        {
            throw new MessagePackException(string.Create(CultureInfo.InvariantCulture, $"truncated value: needs {count} bytes, {Remaining} left"), _position);
        }

        return _buffer.Slice(_position, count);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        var s = Peek(count);
        _position += count;
        return s;
    }

    private static int Length32(ReadOnlySpan<byte> bytes, int start)
    {
        var v = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (v > int.MaxValue) throw new MessagePackException(string.Create(CultureInfo.InvariantCulture, $"length {v} is too large"), start);
        return (int)v;
    }

    private ReadOnlySpan<byte> Payload(int start, int header, int length)
    {
        if ((long)header + length > _buffer.Length - start)
        {
            throw new MessagePackException(string.Create(CultureInfo.InvariantCulture, $"length {length} is longer than the {Math.Max(0, _buffer.Length - start - header)} bytes left"), start);
        }

        _position = start + header + length;
        return _buffer.Slice(start + header, length);
    }

    private readonly MessagePackException Unexpected(string expected)
    {
        if (End) return new MessagePackException($"unexpected end of input, expected {expected}", _position);
        var code = _buffer[_position];
        var type = MessagePackCode.TypeOf(code);
        var found = (int)type < 0 ? "the unused format byte 0xc1"
            : type == MessagePackType.Extension ? string.Create(CultureInfo.InvariantCulture, $"an ext value (0x{code:x2}), which is not supported")
            : DescribeType(type);
        return new MessagePackException($"expected {expected}, found {found}", _position);
    }

    private static string DescribeType(MessagePackType type) => type switch
    {
        MessagePackType.Nil => "nil",
        MessagePackType.Boolean => "bool",
        MessagePackType.Integer => "integer",
        MessagePackType.Float => "float",
        MessagePackType.String => "str",
        MessagePackType.Binary => "bin",
        MessagePackType.Array => "array",
        _ => "map",
    };
}

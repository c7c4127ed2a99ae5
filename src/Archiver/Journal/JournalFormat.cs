using System.Buffers.Binary;
using System.Text;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;

namespace Archiver.Cli.Journal;

/// <summary>
/// The journal segment format (see <c>README.md</c>): the header layout, the record framing, payload sizes and the
/// limits a reader checks before trusting a length. Everything is little-endian.
/// </summary>
public static class JournalFormat
{
    /// <summary>The file starts with these four bytes ("AJNL").</summary>
    public static ReadOnlySpan<byte> Magic => "AJNL"u8;

    /// <summary>The format version written; readers refuse others.</summary>
    public const ushort Version = 1;

    /// <summary>The file name extension of segments.</summary>
    public const string Extension = ".jnl";

    /// <summary>The longest symbol, in UTF-8 bytes.</summary>
    public const int MaxSymbolBytes = 64;

    /// <summary>The deepest book a segment can hold (levels per side).</summary>
    public const int MaxDepth = 1000;

    /// <summary>Bytes of the header before the symbol.</summary>
    public const int HeaderFixedBytes = 44;

    /// <summary>Bytes before each payload: its length and its CRC32C, both u32.</summary>
    public const int RecordHeaderBytes = 8;

    /// <summary>A trade payload without its id bytes.</summary>
    public const int TradeFixedBytes = 35;

    /// <summary>A book payload without its optional ids and levels.</summary>
    public const int BookFixedBytes = 22;

    /// <summary>Presence bits of a book's optional values, in the order the values follow.</summary>
    public const byte HasTransactionTime = 1, HasUpdateId = 2, HasPreviousUpdateId = 4, HasSequence = 8;

    internal const byte KnownPresenceBits = 15;

    /// <summary>The header's length with a symbol of <paramref name="symbolBytes"/> bytes (fixed part, symbol, CRC).</summary>
    public static int HeaderLength(int symbolBytes) => HeaderFixedBytes + symbolBytes + 4;

    /// <summary>The largest payload a record of a segment with this header can have.</summary>
    public static int MaxPayloadLength(StreamKind kind, int depth) =>
        kind == StreamKind.Trades ? TradeFixedBytes + TradeId.MaxLength : BookFixedBytes + 4 * 8 + 4 * 8 * depth;

    /// <summary>The smallest payload of a record of this kind.</summary>
    public static int MinPayloadLength(StreamKind kind) => kind == StreamKind.Trades ? TradeFixedBytes : BookFixedBytes;

    /// <summary>Checks what a writer is asked to put in a header; an <see cref="ArgumentException"/> names the problem.</summary>
    internal static byte[] EncodeSymbol(JournalSegmentHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!Enum.IsDefined(header.Exchange)) throw new ArgumentException($"Unknown exchange {header.Exchange}.", nameof(header));
        if (header.Kind is not (StreamKind.Book or StreamKind.Trades)) throw new ArgumentException($"Unknown stream kind {header.Kind}.", nameof(header));
        if (header.Kind == StreamKind.Book && header.Depth is < 1 or > MaxDepth)
            throw new ArgumentException($"A book segment needs a depth from 1 to {MaxDepth}, not {header.Depth}.", nameof(header));
        if (header.Kind == StreamKind.Trades && header.Depth != 0) throw new ArgumentException("A trade segment has depth 0.", nameof(header));
        if (header.HourStartMicros % ArchiveHour.MicrosPerHour != 0)
            throw new ArgumentException($"{header.HourStartMicros} is not the start of an hour (µs).", nameof(header));
        var problem = SymbolProblem(header.Symbol);
        if (problem is not null) throw new ArgumentException(problem, nameof(header));
        return Encoding.UTF8.GetBytes(header.Symbol);
    }

    /// <summary>Why <paramref name="symbol"/> cannot name a journal folder, or null.</summary>
    internal static string? SymbolProblem(string? symbol)
    {
        if (string.IsNullOrEmpty(symbol)) return "The symbol is empty.";
        if (Encoding.UTF8.GetByteCount(symbol) > MaxSymbolBytes) return $"The symbol '{symbol}' is longer than {MaxSymbolBytes} UTF-8 bytes.";
        if (symbol.AsSpan().IndexOfAny("/\\\0") >= 0 || symbol is "." or ".." || symbol.Contains("..", StringComparison.Ordinal))
            return $"The symbol '{symbol}' cannot be part of a journal path.";
        return null;
    }

    /// <summary>Writes the header (with its CRC) into <paramref name="destination"/>; returns its length.</summary>
    internal static int WriteHeader(JournalSegmentHeader header, ReadOnlySpan<byte> symbol, Span<byte> destination)
    {
        var length = HeaderLength(symbol.Length);
        var h = destination[..length];
        Magic.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Version);
        h[6] = (byte)header.Exchange;
        h[7] = (byte)header.Kind;
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], (ushort)header.Depth);
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], (ushort)symbol.Length);
        BinaryPrimitives.WriteInt64LittleEndian(h[12..], header.HourStartMicros);
        header.SegmentId.TryWriteBytes(h.Slice(20, 16), bigEndian: false, out _);
        BinaryPrimitives.WriteInt64LittleEndian(h[36..], header.CreatedAtMicros);
        symbol.CopyTo(h[HeaderFixedBytes..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(length - 4)..], JournalCrc.Compute(h[..(length - 4)]));
        return length;
    }

    /// <summary>
    /// Reads a header from the first bytes of a file of <paramref name="fileLength"/> bytes; throws
    /// <see cref="JournalFormatException"/> for anything short, unknown or corrupt.
    /// </summary>
    internal static JournalSegmentHeader ReadHeader(string path, ReadOnlySpan<byte> start, long fileLength, out int headerLength)
    {
        if (fileLength < HeaderLength(1) || start.Length < HeaderLength(1))
            throw new JournalFormatException(path, 0, $"the file has {fileLength} bytes, too short for a journal header (torn at creation?)");
        if (!start[..4].SequenceEqual(Magic))
            throw new JournalFormatException(path, 0, $"not a journal segment: magic 0x{Convert.ToHexString(start[..4])}, expected 0x{Convert.ToHexString(Magic)} (\"AJNL\")");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(start[4..]);
        if (version != Version) throw new JournalFormatException(path, 4, $"format version {version} is not supported (this reader knows {Version})");
        var symbolBytes = BinaryPrimitives.ReadUInt16LittleEndian(start[10..]);
        if (symbolBytes is 0 or > MaxSymbolBytes)
            throw new JournalFormatException(path, 10, $"symbol length {symbolBytes} is outside 1..{MaxSymbolBytes}");
        headerLength = HeaderLength(symbolBytes);
        if (headerLength > fileLength || headerLength > start.Length)
            throw new JournalFormatException(path, fileLength, $"the header needs {headerLength} bytes but the file has {fileLength} (torn at creation?)");
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(start[(headerLength - 4)..]);
        var actual = JournalCrc.Compute(start[..(headerLength - 4)]);
        if (stored != actual) throw new JournalFormatException(path, headerLength - 4, $"header CRC32C 0x{stored:x8} does not match the header's 0x{actual:x8}");

        // The CRC matched, so what follows can only be wrong if a writer wrote it wrong; still check every field.
        var exchange = (ExchangeId)start[6];
        if (!Enum.IsDefined(exchange)) throw new JournalFormatException(path, 6, $"unknown exchange id 0x{start[6]:x2}");
        var kind = (StreamKind)start[7];
        if (kind is not (StreamKind.Book or StreamKind.Trades)) throw new JournalFormatException(path, 7, $"unknown record kind 0x{start[7]:x2}");
        int depth = BinaryPrimitives.ReadUInt16LittleEndian(start[8..]);
        if (kind == StreamKind.Book ? depth is < 1 or > MaxDepth : depth != 0)
            throw new JournalFormatException(path, 8, $"depth {depth} is not valid for {kind}");
        var hour = BinaryPrimitives.ReadInt64LittleEndian(start[12..]);
        if (hour % ArchiveHour.MicrosPerHour != 0) throw new JournalFormatException(path, 12, $"hour start {hour} µs is not on an hour");
        var id = new Guid(start.Slice(20, 16), bigEndian: false);
        var created = BinaryPrimitives.ReadInt64LittleEndian(start[36..]);
        string symbol;
        try
        {
            symbol = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(start.Slice(HeaderFixedBytes, symbolBytes));
        }
        catch (DecoderFallbackException e)
        {
            throw new JournalFormatException(path, HeaderFixedBytes, "the symbol is not valid UTF-8", e);
        }

        if (SymbolProblem(symbol) is { } problem) throw new JournalFormatException(path, HeaderFixedBytes, problem);
        return new JournalSegmentHeader(exchange, symbol, kind, depth, hour, id, created);
    }
}

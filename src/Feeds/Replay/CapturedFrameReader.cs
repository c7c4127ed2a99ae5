using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using Archiver.Feeds.Capture;

namespace Archiver.Feeds.Replay;

/// <summary>
/// Reads a replay input line by line: frames exactly as the exchange sent them, one per line, either bare or wrapped
/// as <see cref="RawCaptureWriter"/> writes them (<c>{"r":µs,"f":frame}</c>, <c>{"r":µs,"e":"..."}</c>). Gzip input
/// (by its magic bytes) is decompressed. Blank lines are skipped. A wrapped line that cannot be parsed is handed on as
/// a bare frame, so the handler counts it as malformed and nothing after it is lost.
/// </summary>
public sealed class CapturedFrameReader : IDisposable
{
    private const int MaxLineBytes = 64 * 1024 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private byte[] _unescaped = ArrayPool<byte>.Shared.Rent(1 << 12);
    private int _start;
    private int _end;
    private bool _eof;
    private long _lineNumber;

    public CapturedFrameReader(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _stream = IsGzip(input) ? new GZipStream(input, CompressionMode.Decompress) : input;
    }

    /// <summary>Opens a file (plain or gzip).</summary>
    public static CapturedFrameReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));

    private static bool IsGzip(Stream input)
    {
        if (!input.CanSeek) return false;
        Span<byte> magic = stackalloc byte[2];
        var n = input.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        input.Seek(-n, SeekOrigin.Current);
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>Reads the next line; false at the end of the input.</summary>
    public bool TryRead(out CapturedLine line)
    {
        while (TryReadLine(out var text))
        {
            _lineNumber++;
            if (text.Trim(" \t\r"u8).IsEmpty) continue;
            line = Parse(text);
            return true;
        }

        line = default;
        return false;
    }

    private CapturedLine Parse(Memory<byte> text)
    {
        var span = text.Span;
        if (span.EndsWith("\r"u8)) text = text[..^1];
        span = text.Span;
        if (!span.StartsWith("{\"r\":"u8)) return new CapturedLine(CapturedLineKind.Frame, text, -1, _lineNumber);
        try
        {
            var reader = new Utf8JsonReader(span);
            reader.Read(); // {
            long micros = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("r"u8))
                {
                    reader.Read();
                    micros = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("f"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                        if (_unescaped.Length < length)
                        {
                            ArrayPool<byte>.Shared.Return(_unescaped);
                            _unescaped = ArrayPool<byte>.Shared.Rent(length);
                        }

                        var written = reader.CopyString(_unescaped);
                        return new CapturedLine(CapturedLineKind.Frame, _unescaped.AsMemory(0, written), micros, _lineNumber);
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    return new CapturedLine(CapturedLineKind.Frame, text[start..(int)reader.BytesConsumed], micros, _lineNumber);
                }
                else if (reader.ValueTextEquals("e"u8))
                {
                    reader.Read();
                    var kind = reader.ValueTextEquals("connected"u8) ? CapturedLineKind.Connected
                        : reader.ValueTextEquals("reconnected"u8) ? CapturedLineKind.Reconnected
                        : reader.ValueTextEquals("disconnected"u8) ? CapturedLineKind.Disconnected
                        : (CapturedLineKind?)null;
                    if (kind is { } k) return new CapturedLine(k, ReadOnlyMemory<byte>.Empty, micros, _lineNumber);
                    break;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
        }

        return new CapturedLine(CapturedLineKind.Frame, text, -1, _lineNumber);
    }

    private bool TryReadLine(out Memory<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsMemory(_start, newline);
                _start += newline + 1;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = _buffer.AsMemory(_start, _end - _start);
                    _start = _end;
                    return true;
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxLineBytes)
                throw new InvalidDataException($"line {_lineNumber + 1} is longer than {MaxLineBytes} bytes");
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        _end += n;
    }

    public void Dispose()
    {
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<byte>.Shared.Return(_unescaped);
        _buffer = [];
        _unescaped = [];
    }
}

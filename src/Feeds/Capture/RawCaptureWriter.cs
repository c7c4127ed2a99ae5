using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Text.Json;

namespace Archiver.Feeds.Capture;

/// <summary>
/// Writes every received frame with its local receive time to gzip-compressed JSON lines:
/// <c>{"r":&lt;receive µs&gt;,"f":&lt;frame&gt;}</c>. A frame that is valid single-line JSON is embedded as it is, anything else
/// (a malformed frame, a text greeting) as a JSON string, so every frame replays byte for byte. Connection events are
/// lines <c>{"r":&lt;µs&gt;,"e":"connected|reconnected|disconnected"}</c>, so a replay reproduces the gaps. Thread-safe.
/// </summary>
public sealed class RawCaptureWriter : IRawCapture, IDisposable
{
    private readonly Stream _file;
    private readonly GZipStream _gzip;
    private readonly Lock _lock = new();
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private bool _disposed;

    public RawCaptureWriter(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        _gzip = new GZipStream(_file, CompressionLevel.Fastest);
    }

    /// <summary>The capture file.</summary>
    public string Path { get; }

    /// <summary>Frames written.</summary>
    public long Frames { get; private set; }

    /// <summary>Appends one frame received at <paramref name="receiveMicros"/>.</summary>
    public void WriteFrame(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _line.ResetWrittenCount();
            WritePrefix(receiveMicros);
            _line.Write(",\"f\":"u8);
            if (IsSingleLineJson(frame))
            {
                _line.Write(frame);
            }
            else
            {
                using var json = new Utf8JsonWriter(_line);
                json.WriteStringValue(frame);
            }

            _line.Write("}\n"u8);
            _gzip.Write(_line.WrittenSpan);
            Frames++;
        }
    }

    /// <summary>Appends a connection event.</summary>
    public void WriteEvent(CapturedLineKind kind, long timeMicros)
    {
        var name = kind switch
        {
            CapturedLineKind.Connected => "connected"u8,
            CapturedLineKind.Reconnected => "reconnected"u8,
            CapturedLineKind.Disconnected => "disconnected"u8,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only connection events are written with WriteEvent."),
        };
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _line.ResetWrittenCount();
            WritePrefix(timeMicros);
            _line.Write(",\"e\":\""u8);
            _line.Write(name);
            _line.Write("\"}\n"u8);
            _gzip.Write(_line.WrittenSpan);
        }
    }

    /// <summary>Pushes buffered lines to the file (a crash loses at most what came after the last flush).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _gzip.Flush();
            _file.Flush();
        }
    }

    private void WritePrefix(long micros)
    {
        _line.Write("{\"r\":"u8);
        var span = _line.GetSpan(24);
        Utf8Formatter.TryFormat(micros, span, out var written);
        _line.Advance(written);
    }

    private static bool IsSingleLineJson(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty || (frame[0] != (byte)'{' && frame[0] != (byte)'[')) return false;
        if (frame.IndexOfAny((byte)'\n', (byte)'\r') >= 0) return false;
        var reader = new Utf8JsonReader(frame, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read()) return false;
            reader.Skip();
            return reader.BytesConsumed == frame.Length || frame[(int)reader.BytesConsumed..].Trim(" \t"u8).IsEmpty;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _gzip.Dispose();
            _file.Dispose();
        }
    }
}

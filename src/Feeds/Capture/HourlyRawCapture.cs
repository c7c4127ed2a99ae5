using System.Globalization;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Capture;

/// <summary>
/// A raw capture that starts a new file every UTC hour, laid out like the archive:
/// <c>&lt;directory&gt;/&lt;exchange&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;DDHH&gt;.jsonl.gz</c> (the hour of the receive time). Buffered lines
/// reach the file at least every second. A restart within the same hour appends a new gzip member to that hour's file,
/// which the replay reader reads as one stream.
/// </summary>
public sealed class HourlyRawCapture : IRawCapture, IDisposable
{
    private readonly string _directory;
    private readonly string _exchange;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly ITimer _flushTimer;
    private RawCaptureWriter? _current;
    private long _currentHour = long.MinValue;
    private bool _disposed;

    public HourlyRawCapture(string directory, ExchangeId exchange, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
        _exchange = exchange.ToString().ToLowerInvariant();
        _time = time ?? TimeProvider.System;
        _flushTimer = _time.CreateTimer(_ => Flush(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The file being written, or null before the first line.</summary>
    public string? CurrentPath
    {
        get
        {
            lock (_lock) return _current?.Path;
        }
    }

    /// <summary>The capture file for the hour holding <paramref name="micros"/>.</summary>
    public string PathFor(long micros)
    {
        var t = DateTime.UnixEpoch.AddTicks(micros * 10);
        return Path.Combine(_directory, _exchange, t.ToString("yyyy", CultureInfo.InvariantCulture), t.ToString("MM", CultureInfo.InvariantCulture),
            t.ToString("ddHH", CultureInfo.InvariantCulture) + ".jsonl.gz");
    }

    public void WriteFrame(ReadOnlySpan<byte> frame, long receiveMicros)
    {
        lock (_lock) WriterFor(receiveMicros).WriteFrame(frame, receiveMicros);
    }

    public void WriteEvent(CapturedLineKind kind, long timeMicros)
    {
        lock (_lock) WriterFor(timeMicros).WriteEvent(kind, timeMicros);
    }

    public void Flush()
    {
        lock (_lock) _current?.Flush();
    }

    private RawCaptureWriter WriterFor(long micros)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (micros < 0) micros = FeedClock.NowMicros(_time);
        var hour = micros / 3_600_000_000L;
        if (_current is null || hour != _currentHour)
        {
            _current?.Dispose();
            _current = new RawCaptureWriter(PathFor(micros));
            _currentHour = hour;
        }

        return _current;
    }

    public void Dispose()
    {
        _flushTimer.Dispose();
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _current?.Dispose();
            _current = null;
        }
    }
}

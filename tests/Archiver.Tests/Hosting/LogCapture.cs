using Microsoft.Extensions.Logging;

namespace Archiver.Tests.Hosting;

/// <summary>A logging provider that keeps every entry and lets a test await the first entry matching a predicate.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly List<CapturedLog> _entries = [];
    private readonly List<(Func<CapturedLog, bool> Match, TaskCompletionSource<CapturedLog> Done)> _waiters = [];

    public IReadOnlyList<CapturedLog> Entries
    {
        get
        {
            lock (_gate) return [.. _entries];
        }
    }

    public Task<CapturedLog> WaitForAsync(Func<CapturedLog, bool> match)
    {
        lock (_gate)
        {
            var found = _entries.FirstOrDefault(match);
            if (found is not null) return Task.FromResult(found);
            var done = new TaskCompletionSource<CapturedLog>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string category, LogLevel level, EventId eventId, string message, IReadOnlyDictionary<string, object?> values)
    {
        lock (_gate)
        {
            var entry = new CapturedLog(_entries.Count, category, level, eventId, message, values);
            _entries.Add(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Match(entry)) continue;
                _waiters[i].Done.TrySetResult(entry);
                _waiters.RemoveAt(i);
            }
        }
    }

    private sealed class CaptureLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs) values[key] = value;
            }

            capture.Add(category, logLevel, eventId, formatter(state, exception), values);
        }
    }
}

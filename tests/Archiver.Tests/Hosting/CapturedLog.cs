using Microsoft.Extensions.Logging;

namespace Archiver.Tests.Hosting;

/// <summary>One log entry seen by <see cref="LogCapture"/>, with its structured values.</summary>
internal sealed record CapturedLog(long Sequence, string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values)
{
    public object? this[string name] => Values.TryGetValue(name, out var value) ? value : null;
}

using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Archiver.Feeds.Tests.Connections;

/// <summary>Writes log lines to the test's output, so a failing connection test shows what the connection did.</summary>
internal sealed class TestLogger(ITestOutputHelper output) : ILogger
{
    private readonly long _start = TimeProvider.System.GetTimestamp();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var elapsed = TimeProvider.System.GetElapsedTime(_start).TotalMilliseconds;
        try
        {
            output.WriteLine($"{elapsed,8:0.0} ms {logLevel} {eventId.Id} {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; late lines from a closing connection are dropped.
        }
    }
}

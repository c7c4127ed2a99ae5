namespace Archiver.Store.Tests.Query;

/// <summary>A clock that always says the same time, so "now" in count/avg/min/max results can be asserted.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

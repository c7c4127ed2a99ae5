namespace Archiver.Backup.Tests;

/// <summary>A clock that always says <paramref name="now"/>: decides the open hour and the retention cut-off in tests.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

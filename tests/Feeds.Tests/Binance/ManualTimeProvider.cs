namespace Archiver.Feeds.Tests.Binance;

/// <summary>A clock that stays where the test puts it.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

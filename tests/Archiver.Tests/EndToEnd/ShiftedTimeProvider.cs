namespace Archiver.Tests.EndToEnd;

/// <summary>The system clock moved by a fixed offset, to close hours without waiting for them to end.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}

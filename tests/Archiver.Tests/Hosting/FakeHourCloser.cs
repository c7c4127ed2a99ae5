using Archiver.Cli.Archiving;

namespace Archiver.Tests.Hosting;

/// <summary>Counts calls and reports the given files (by default one made-up path) as written, at every call.</summary>
internal sealed class FakeHourCloser(IReadOnlyList<string>? files = null) : IHourCloser
{
    private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Completes on the first call.</summary>
    public Task Called => _called.Task;

    public Task<IReadOnlyList<string>> CloseDueHoursAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _called.TrySetResult();
        return Task.FromResult(files ?? ["archives/binance/perp/BTCUSDT/trades/2026/01/01/00.parquet"]);
    }
}

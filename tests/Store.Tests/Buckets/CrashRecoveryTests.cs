using System.Diagnostics;
using System.Globalization;
using Archiver.Store.Buckets;
using static Archiver.Store.Tests.Buckets.Rows;

namespace Archiver.Store.Tests.Buckets;

/// <summary>
/// A writer process (tests/StoreCrashWriter) killed with SIGKILL after acknowledged writes: on reopen every
/// acknowledged transaction is there exactly once, transactions are all-or-nothing, and overwritten bars hold the
/// last committed value. Repeated at several kill points, with checkpoints rare and very frequent.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int TicksPerBatch = 100;
    private readonly StoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1, 60_000)]
    [InlineData(25, 60_000)]
    [InlineData(120, 60_000)]
    [InlineData(40, 5)]
    [InlineData(200, 5)]
    public void Every_acknowledged_write_survives_a_sigkill_exactly_once(int killAfter, int checkpointMs)
    {
        var acked = RunAndKill(killAfter, checkpointMs);
        Assert.True(acked >= killAfter, $"only {acked} acknowledgements");
        using var store = _dir.Open();
        var ticks = store.ReadAll("CRASH/1Sec/TICK");
        var seq = ticks.Values<long>("Seq");
        Assert.Equal(0, seq.Length % TicksPerBatch);
        var batches = seq.Length / TicksPerBatch;
        // Exactly once, all or nothing: the sequence numbers are 0..n-1 with no gap or repeat.
        Assert.Equal(Enumerable.Range(0, seq.Length).Select(i => (long)i), seq.Order());
        Assert.True(batches >= acked, $"{batches} batches stored, {acked} acknowledged");
        Assert.True(batches <= acked + 1, $"{batches} batches stored, only {acked} acknowledged (one may be in flight)");

        var times = ticks.Epochs().Zip(ticks.NanosOf(), (s, n) => new StoreTime(s, n)).ToArray();
        for (var i = 1; i < times.Length; i++) Assert.True(times[i - 1] <= times[i], $"row {i} out of order");

        var bars = store.ReadAll("CRASH/1Min/OHLCV");
        var values = bars.Values<long>("Value");
        var slots = bars.Epochs();
        Assert.Equal(Math.Min(batches, 50), slots.Length);
        for (var s = 0; s < slots.Length; s++)
        {
            Assert.Equal(T2024 + (s * 60L), slots[s]);
            var expected = Enumerable.Range(0, batches).Last(i => i % 50 == s);
            Assert.Equal(expected, values[s]);
        }
    }

    private int RunAndKill(int killAfter, int checkpointMs)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "StoreCrashWriter.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(exe);
        psi.ArgumentList.Add(_dir.Root);
        psi.ArgumentList.Add(checkpointMs.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(psi)!;
        var acked = 0;
        try
        {
            while (acked < killAfter)
            {
                var line = process.StandardOutput.ReadLine()
                    ?? throw new InvalidOperationException("the writer exited early: " + process.StandardError.ReadToEnd());
                if (line.StartsWith("ACK ", StringComparison.Ordinal)) acked++;
            }
        }
        finally
        {
            process.Kill(); // SIGKILL on Linux
        }

        // Acknowledgements printed before the kill are still in the pipe.
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("ACK ", StringComparison.Ordinal)) acked++;
        }

        process.WaitForExit();
        return acked;
    }
}

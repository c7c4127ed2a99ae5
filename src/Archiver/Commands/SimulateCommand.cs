using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Archiver.Feeds.Model;
using Archiver.Feeds.Simulator;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver simulate [--port N] [--binance-symbols N] [--bybit-symbols N] [--hyperliquid-symbols N]
/// [--book-interval-ms N[,N,N]] [--trades-per-second N[,N,N]] [--seed N]</c>: runs the exchange simulator on its own
/// (in its own process, so a benchmark does not count its CPU against the service) over generated symbols
/// (<c>SYM001USDT</c>… for Binance and Bybit, <c>SYM001</c>… for Hyperliquid). Prints one line per exchange endpoint
/// (<c>binance ws://127.0.0.1:PORT/...</c>), then every 10 s the frames and trades it sent per second, until Ctrl-C or
/// SIGTERM.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>How often the rate line is printed.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    /// <summary>Trade ids the simulator remembers per symbol: a long run at a high rate must not grow the history.</summary>
    private const int TradeIdHistory = 1_024;

    private static readonly ExchangeId[] Exchanges = [ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Hyperliquid];

    public static Command Create(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 0 };
        var binance = new Option<int>("--binance-symbols") { Description = "Binance symbols (SYM001USDT...).", DefaultValueFactory = _ => 2 };
        var bybit = new Option<int>("--bybit-symbols") { Description = "Bybit symbols (SYM001USDT...).", DefaultValueFactory = _ => 2 };
        var hyperliquid = new Option<int>("--hyperliquid-symbols") { Description = "Hyperliquid symbols (SYM001...).", DefaultValueFactory = _ => 2 };
        var bookInterval = new Option<string?>("--book-interval-ms")
        {
            Description = "Book interval per symbol in ms: one value for all exchanges, or binance,bybit,hyperliquid (default 100,20,500).",
        };
        var trades = new Option<string?>("--trades-per-second")
        {
            Description = "Mean trades per second per symbol (besides bursts): one value, or binance,bybit,hyperliquid (default 3).",
        };
        var seed = new Option<int?>("--seed") { Description = "Seeds every market (default: the simulator's)." };
        var command = new Command("simulate", "Run the exchange simulator standalone on 127.0.0.1 with generated symbols until stopped (Ctrl+C, SIGTERM).")
        {
            port, binance, bybit, hyperliquid, bookInterval, trades, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = BuildOptions(
                parse.GetValue(port),
                [parse.GetValue(binance), parse.GetValue(bybit), parse.GetValue(hyperliquid)],
                PerExchange("--book-interval-ms", parse.GetValue(bookInterval)),
                PerExchange("--trades-per-second", parse.GetValue(trades)),
                parse.GetValue(seed));
            await RunAsync(options, output, cancellationToken).ConfigureAwait(false);
            return ArchiverCli.ExitOk;
        });
        return command;
    }

    /// <summary>The simulator options for the given counts and per-exchange rates (null: the exchange's default).</summary>
    internal static SimulatorOptions BuildOptions(int port, int[] symbolCounts, double?[] bookIntervalsMs, double?[] tradesPerSecond, int? seed)
    {
        if (port is < 0 or > 65_535) throw new CommandException($"--port must be 0..65535, not {port}");
        var options = new SimulatorOptions { Port = port, TradeIdHistoryLimit = TradeIdHistory };
        if (seed is { } s) options.Seed = s;
        for (var i = 0; i < Exchanges.Length; i++)
        {
            var id = Exchanges[i];
            var name = id.ToString().ToLowerInvariant();
            if (symbolCounts[i] is < 0 or > 999) throw new CommandException($"--{name}-symbols must be 0..999, not {symbolCounts[i]}");
            var exchange = options.For(id);
            exchange.Symbols = [.. Enumerable.Range(1, symbolCounts[i]).Select(n => SymbolName(id, n))];
            if (bookIntervalsMs[i] is { } ms)
            {
                if (!(ms >= 1)) throw new CommandException($"--book-interval-ms must be at least 1, not {ms.ToString(CultureInfo.InvariantCulture)}");
                exchange.BookInterval = TimeSpan.FromMilliseconds(ms);
            }

            if (tradesPerSecond[i] is { } rate)
            {
                if (!(rate >= 0)) throw new CommandException($"--trades-per-second must be 0 or more, not {rate.ToString(CultureInfo.InvariantCulture)}");
                exchange.TradesPerSecond = rate;
            }
        }

        return options;
    }

    /// <summary>The generated name of symbol <paramref name="number"/>: SYM001USDT, or SYM001 on Hyperliquid.</summary>
    internal static string SymbolName(ExchangeId exchange, int number) =>
        "SYM" + number.ToString("D3", CultureInfo.InvariantCulture) + (exchange == ExchangeId.Hyperliquid ? string.Empty : "USDT");

    /// <summary>Parses "N" (all exchanges) or "N,N,N" (binance, bybit, hyperliquid); null or empty: the defaults.</summary>
    internal static double?[] PerExchange(string option, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [null, null, null];
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is not (1 or 3)) throw new CommandException($"{option} takes one value or three (binance,bybit,hyperliquid), not '{text}'");
        var values = new double?[3];
        for (var i = 0; i < 3; i++)
        {
            var part = parts[parts.Length == 1 ? 0 : i];
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new CommandException($"{option}: '{part}' is not a number");
            values[i] = value;
        }

        return values;
    }

    private static async Task RunAsync(SimulatorOptions options, TextWriter output, CancellationToken invocationToken)
    {
        // The simulator's web host takes over SIGINT/SIGTERM, so the invocation's token alone never sees them: the
        // command registers its own handlers and stops on either.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(invocationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var cancellationToken = stop.Token;
        var simulator = new ExchangeSimulator();
        await using (simulator.ConfigureAwait(false))
        {
            try
            {
                await simulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                throw new CommandException(e.Message, e);
            }

            foreach (var id in Exchanges)
                await output.WriteLineAsync($"{id.ToString().ToLowerInvariant()} {simulator.Endpoint(id)}").ConfigureAwait(false);
            await output.WriteLineAsync(Describe(options)).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);

            var frames = Counts(simulator, static (s, id) => s.FramesSent(id));
            var printed = Counts(simulator, static (s, id) => s.TotalTradeCount(id));
            var last = Stopwatch.GetTimestamp();
            using var timer = new PeriodicTimer(ReportInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    var now = Stopwatch.GetTimestamp();
                    var seconds = Stopwatch.GetElapsedTime(last, now).TotalSeconds;
                    last = now;
                    var nextFrames = Counts(simulator, static (s, id) => s.FramesSent(id));
                    var nextPrinted = Counts(simulator, static (s, id) => s.TotalTradeCount(id));
                    await output.WriteLineAsync(RateLine(frames, nextFrames, printed, nextPrinted, seconds)).ConfigureAwait(false);
                    await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                    (frames, printed) = (nextFrames, nextPrinted);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }

        await output.WriteLineAsync("simulator stopped").ConfigureAwait(false);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static long[] Counts(ExchangeSimulator simulator, Func<ExchangeSimulator, ExchangeId, long> count) =>
        [.. Exchanges.Select(id => count(simulator, id))];

    private static string Describe(SimulatorOptions options) =>
        "serving " + string.Join(", ", Exchanges.Select(id =>
        {
            var e = options.For(id);
            return $"{id.ToString().ToLowerInvariant()} {e.Symbols.Count} symbols (book every {e.BookInterval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms, " +
                   $"{e.TradesPerSecond.ToString(CultureInfo.InvariantCulture)} trades/s + bursts)";
        }));

    private static string RateLine(long[] frames, long[] nextFrames, long[] printed, long[] nextPrinted, double seconds)
    {
        var parts = new List<string>();
        double totalFrames = 0;
        for (var i = 0; i < Exchanges.Length; i++)
        {
            var frameRate = (nextFrames[i] - frames[i]) / seconds;
            var tradeRate = (nextPrinted[i] - printed[i]) / seconds;
            totalFrames += frameRate;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Exchanges[i].ToString().ToLowerInvariant()} {frameRate:F0} frames/s ({tradeRate:F0} trades/s)"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"sent {totalFrames:F0} frames/s: {string.Join(", ", parts)}");
    }
}

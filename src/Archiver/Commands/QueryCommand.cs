using System.CommandLine;
using Archiver.Store;
using Archiver.Store.Buckets;
using Archiver.Store.Query;

namespace Archiver.Cli.Commands;

/// <summary>
/// <c>archiver query KEY [--start T] [--end T] [--limit N] [--from-start] [--columns a,b] [--functions F]... [--store DIR]
/// [--csv FILE]</c>: runs a MarketStore query (<c>SYM[,SYM2]/TF/ATTR</c>, inclusive range, last N rows unless
/// --from-start, projection, function pipeline) and prints each symbol's rows like pymarketstore's DataFrame, or writes
/// them as CSV.
/// </summary>
internal static class QueryCommand
{
    public static Command Create(TextWriter output, Func<StoreOptions, IBucketStore> openStore, Func<IBucketStore, IQueryEngine> createEngine)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(openStore);
        ArgumentNullException.ThrowIfNull(createEngine);
        var store = new StoreCommandOptions();
        var key = new Argument<string>("KEY") { Description = "SYMBOL[,SYMBOL...]/TIMEFRAME/ATTRGROUP, e.g. BINANCE_BTCUSDT/1Min/OHLCV (* for every symbol)." };
        var start = new Option<string?>("--start") { Description = "Inclusive start: Unix seconds, YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS[.f]] (UTC)." };
        var end = new Option<string?>("--end") { Description = "Inclusive end, same forms." };
        var limit = new Option<long>("--limit") { Description = "At most N rows per symbol: the last N, or the first N with --from-start (0 = all)." };
        var fromStart = new Option<bool>("--from-start") { Description = "With --limit, take the first rows instead of the last." };
        var columns = new Option<string?>("--columns") { Description = "Only these columns, comma-separated (Epoch always comes first)." };
        var functions = new Option<string[]>("--functions") { Description = "A function call applied to each symbol's rows, e.g. \"candlecandler('5Min',Open,High,Low,Close)\"; repeat to chain.", AllowMultipleArgumentsPerToken = false };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write every row to this CSV file instead of printing a table." };
        var command = new Command("query", "Query the store like pymarketstore: a key, a time range, a limit, columns and functions; prints a table or writes CSV.")
        {
            key, start, end, limit, fromStart, columns, functions, csv,
        };
        store.AddTo(command);
        command.SetAction(parse =>
        {
            var destination = parse.GetValue(key)!;
            if (parse.GetValue(limit) < 0) throw new CommandException("--limit must be zero or more");
            var request = new QueryRequest
            {
                Destination = destination,
                Start = parse.GetValue(start) is { } s ? QueryTime.Parse("--start", s) : null,
                End = parse.GetValue(end) is { } e ? QueryTime.Parse("--end", e) : null,
                Limit = parse.GetValue(limit),
                FromStart = parse.GetValue(fromStart),
                Columns = parse.GetValue(columns)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Functions = parse.GetValue(functions) is { Length: > 0 } f ? f : null,
            };
            if (request is { Start: { } a, End: { } b } && b < a) throw new CommandException($"--end {b} is before --start {a}");
            var (options, _) = store.Resolve(parse);
            if (!Directory.Exists(options.Root)) throw new CommandException($"no store at {options.Root} (create one with `archiver ingest`, or give --store)");
            QueryResult result;
            using (var bucketStore = IngestCommand.Open(openStore, options))
            {
                try
                {
                    result = createEngine(bucketStore).Execute(request);
                }
                catch (StoreException ex)
                {
                    throw new CommandException($"query {destination}: {ex.Message}", ex);
                }
            }

            var slices = result.Slices.Select(x => (Symbol: x.Key.Split(':')[0], Table: QueryResultTable.From(x.Series))).ToList();
            var target = parse.GetValue(csv);
            if (target is not null)
            {
                using var writer = new StreamWriter(target.FullName, append: false, new System.Text.UTF8Encoding(false));
                QueryCsv.Write(writer, slices, withSymbol: destination.Split('/')[0] is var symbols && (symbols.Contains(',', StringComparison.Ordinal) || symbols == "*"));
                output.WriteLine($"wrote {result.Length:N0} rows to {target.FullName}");
                return ArchiverCli.ExitOk;
            }

            for (var i = 0; i < slices.Count; i++)
            {
                if (i > 0) output.WriteLine();
                output.WriteLine(slices[i].Symbol);
                DataFrameText.Write(output, slices[i].Table);
            }

            return ArchiverCli.ExitOk;
        });
        return command;
    }
}

using System.Diagnostics;
using Archiver.Store.Tests.Interop;

namespace Archiver.Store.Tests.Server;

/// <summary>
/// Runs the Python client-side checks (tests/python/test_pms_client.py, decoding replies as pymarketstore does with
/// msgpack, numpy and pandas) and the notebook example (scripts/notebook_example.py) against a live server. Needs
/// Debian's python3-msgpack, python3-numpy, python3-pandas and python3-websocket (scripts/install-test-tools.sh).
/// </summary>
public sealed class PythonClientTests
{
    private static string Python()
    {
        var configured = Environment.GetEnvironmentVariable("PYTHON");
        if (!string.IsNullOrEmpty(configured)) return configured;
        // Debian's packages live with Debian's interpreter, which a pyenv shim on PATH may hide.
        return File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    }

    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Python())
        {
            WorkingDirectory = NodeTools.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("python script did not finish in 120 s");
        }

        var output = stdout.Result + stderr.Result;
        if (output.Contains("No module named", StringComparison.Ordinal))
            throw new InvalidOperationException($"python modules missing (run scripts/install-test-tools.sh as root): {output}");
        return (process.ExitCode, output);
    }

    [Fact]
    public async Task Python_client_decodes_writes_queries_functions_lists_ticks_strings_and_streams()
    {
        await using var f = await ServerFixture.StartAsync();
        var (code, output) = Run("tests/python/test_pms_client.py", new Uri(f.Server.Url, "/rpc").ToString());
        Assert.True(code == 0, output);
        Assert.Contains("pms client checks passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notebook_example_prints_bars_and_ticks_as_dataframes()
    {
        await using var f = await ServerFixture.StartAsync(version: "nb-test");
        var epochs = Enumerable.Range(0, 90).Select(i => 1700000000L - (1700000000L % 60) + (60 * i)).ToArray();
        float[] Col(float offset) => epochs.Select((_, i) => 100f + i + offset).ToArray();
        await f.RpcAsync(MsgTree.WriteRequest("NB_BTC/1Min/OHLCV", epochs.Length, false, ("Epoch", "i8", MsgTree.Bytes(epochs)),
            ("Open", "f4", MsgTree.Bytes(Col(0))), ("High", "f4", MsgTree.Bytes(Col(2))), ("Low", "f4", MsgTree.Bytes(Col(-1))),
            ("Close", "f4", MsgTree.Bytes(Col(1))), ("Volume", "f8", MsgTree.Bytes(epochs.Select(_ => 0.5).ToArray()))));
        await f.RpcAsync(MsgTree.WriteRequest("NB_BTC/1Sec/TICK", 3, true, ("Epoch", "i8", MsgTree.Bytes(1700000000L, 1700000000L, 1700000001L)),
            ("Price", "f8", MsgTree.Bytes(42000.5, 42001.25, 41999.75)), ("Size", "f8", MsgTree.Bytes(0.1, 0.2, 0.3)), ("Nanoseconds", "i4", MsgTree.Bytes(250_000_000, 750_000_000, 5))));

        var (code, output) = Run("scripts/notebook_example.py", new Uri(f.Server.Url, "/rpc").ToString(), "NB_BTC");
        Assert.True(code == 0, output);
        Assert.Contains("server version: nb-test", output, StringComparison.Ordinal);
        Assert.Contains("NB_BTC 1-minute bars: 60 rows", output, StringComparison.Ordinal);
        Assert.Contains("summary: close from 131.00 to 190.00, volume 30.0000", output, StringComparison.Ordinal);
        Assert.Contains("NB_BTC ticks: 3 rows", output, StringComparison.Ordinal);
        Assert.Matches(@"2023-11-14 22:13:20\.750000\+00:00 +42001\.25 +0\.2", output);
        Assert.Contains("2023-11-14 22:13:21.000000005+00:00", output, StringComparison.Ordinal);
    }
}

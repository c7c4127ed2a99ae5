using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Archiver.Tests.EndToEnd;

/// <summary>Reads a Parquet file with DuckDB through the repository's Node tool (tests/interop/read-duckdb.mjs).</summary>
internal static class DuckDbReader
{
    private static string Root => typeof(DuckDbReader).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The values of <paramref name="column"/> as DuckDB reports them (integers and timestamps as text).</summary>
    public static async Task<List<string?>> ReadColumnAsync(string parquetPath, string column)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add(Path.Combine(Root, "tests", "interop", "read-duckdb.mjs"));
        start.ArgumentList.Add(parquetPath);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"DuckDB could not read {parquetPath} (run scripts/install-test-tools.sh?): {await stderr}");
        using var json = JsonDocument.Parse(await stdout);
        var index = json.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList().IndexOf(column);
        return json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r[index].ValueKind == JsonValueKind.Null ? null : r[index].ToString()).ToList();
    }
}

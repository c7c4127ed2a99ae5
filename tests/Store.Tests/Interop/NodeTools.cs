using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Archiver.Store.Tests.Interop;

/// <summary>
/// Runs the Node.js interop oracles in <c>tests/interop/*.mjs</c> (DuckDB and hyparquet) so tests
/// can check what independent Parquet readers see in our files.
/// </summary>
/// <remarks>
/// <para>The repository root is embedded at build time as the assembly metadata
/// <c>RepositoryRoot</c> (see Store.Tests.csproj); nothing walks up directories.</para>
/// <para>Prerequisite: <c>node</c> (≥ 20) on PATH and <c>bash scripts/install-test-tools.sh</c> run once
/// (it installs <c>node_modules</c> at the repository root with <c>npm ci</c>).</para>
/// <para>Each call starts <c>node &lt;script&gt;</c> with the repository root as working directory and
/// a 60 s timeout; a non-zero exit throws <see cref="NodeToolException"/> carrying the script's stderr.</para>
/// </remarks>
public static class NodeTools
{
    /// <summary>Time limit for one script run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    /// <summary>Absolute path of the repository root (from the RepositoryRoot assembly metadata).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>Reads a Parquet file with DuckDB (<c>SELECT * FROM read_parquet(?)</c>, file order).</summary>
    public static InteropTable ReadWithDuckDb(string parquetPath) =>
        InteropTable.Parse(Run("tests/interop/read-duckdb.mjs", Path.GetFullPath(parquetPath)));

    /// <summary>Reads a Parquet file with hyparquet (+ hyparquet-compressors).</summary>
    public static InteropTable ReadWithHyparquet(string parquetPath) =>
        InteropTable.Parse(Run("tests/interop/read-hyparquet.mjs", Path.GetFullPath(parquetPath)));

    /// <summary>
    /// What DuckDB sees in a Parquet file: an object with <c>duckdbVersion</c>, <c>metadata</c>
    /// (parquet_metadata rows: row_group_id, row_group_num_rows, path_in_schema, type, compression,
    /// encodings, stats_min/stats_max, stats_min_value/stats_max_value, stats_null_count, page offsets,
    /// sizes, ...), <c>schema</c> (parquet_schema rows) and <c>fileMetadata</c> (parquet_file_metadata).
    /// DuckDB prints integers there as decimal strings. The caller disposes the document.
    /// </summary>
    public static JsonDocument DuckDbMetadata(string parquetPath) =>
        JsonDocument.Parse(Run("tests/interop/read-duckdb.mjs", "--meta", Path.GetFullPath(parquetPath)));

    /// <summary>
    /// Writes the DuckDB corpus into <paramref name="outDir"/>: X.parquet files, beside each
    /// X.expected.json (read-duckdb.mjs output) and a corpus.json listing files and COPY options.
    /// </summary>
    public static void WriteDuckDbCorpus(string outDir) =>
        Run("tests/interop/write-duckdb-corpus.mjs", Path.GetFullPath(outDir));

    /// <summary>
    /// Writes the parquetjs corpus into <paramref name="outDir"/> (tests/interop/write-parquetjs-corpus.mjs):
    /// files DuckDB cannot produce — DATA_PAGE_V2 pages (UNCOMPRESSED, SNAPPY, GZIP, BROTLI; with nulls,
    /// all-null pages and several pages per column chunk), INT96 timestamps — plus a v1 multi-page file
    /// for comparison. Beside each X.parquet: X.expected.json, computed from the generated data (same
    /// value representation as the DuckDB corpus; INT96 in unit "nanos"; "type" spelled like
    /// read-hyparquet.mjs), and corpus.json listing files, writer options and the page types, codecs
    /// and pages per chunk found on disk.
    /// </summary>
    public static void WriteParquetJsCorpus(string outDir) =>
        Run("tests/interop/write-parquetjs-corpus.mjs", Path.GetFullPath(outDir));

    /// <summary>
    /// Runs one SQL query with DuckDB (tests/interop/query-duckdb.mjs), e.g. over a <c>read_parquet</c> glob, and
    /// returns the result; timestamps come back as µs since the epoch.
    /// </summary>
    public static InteropTable QueryWithDuckDb(string sql) =>
        InteropTable.Parse(Run("tests/interop/query-duckdb.mjs", sql));

    /// <summary>Writes the small 3-row DuckDB sample file used by the NodeTools tests.</summary>
    public static void WriteDuckDbSample(string parquetPath) =>
        Run("tests/interop/write-duckdb-sample.mjs", Path.GetFullPath(parquetPath));

    /// <summary>Runs <c>node script args...</c> from the repository root and returns its stdout.</summary>
    public static string Run(string scriptRelativePath, params string[] args)
    {
        var root = RepositoryRoot;
        if (!Directory.Exists(Path.Combine(root, "node_modules")))
        {
            throw new NodeToolException(
                $"Node.js test tools are not installed ({Path.Combine(root, "node_modules")} is missing): run scripts/install-test-tools.sh");
        }

        var script = Path.Combine(root, scriptRelativePath);
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(script);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var commandLine = $"node {scriptRelativePath} {string.Join(' ', args)}";
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new NodeToolException(
                $"Could not start 'node' ({e.Message}); install Node.js >= 20 and run scripts/install-test-tools.sh", e);
        }

        // Read both pipes concurrently so a chatty script cannot dead-lock on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already exited
            }

            throw new NodeToolException(
                $"{commandLine} timed out after {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s. stderr:\n{SafeResult(stderr)}");
        }

        process.WaitForExit(); // flush the redirected streams
        var output = stdout.GetAwaiter().GetResult();
        var errors = stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new NodeToolException(
                $"{commandLine} failed with exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}. stderr:\n{errors.TrimEnd()}");
        }

        return output;
    }

    private static string SafeResult(Task<string> task) =>
        task.Wait(TimeSpan.FromSeconds(2)) ? task.Result.TrimEnd() : "(unavailable)";

    private static string FindRepositoryRoot()
    {
        var value = typeof(NodeTools).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (string.IsNullOrEmpty(value))
        {
            throw new NodeToolException(
                "The test assembly has no RepositoryRoot AssemblyMetadata; see tests/Store.Tests/Store.Tests.csproj");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(value));
    }
}

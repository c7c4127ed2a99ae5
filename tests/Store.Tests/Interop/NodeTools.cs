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

/// <summary>A Node.js interop script failed, timed out, or the tools are not installed.</summary>
public sealed class NodeToolException : Exception
{
    public NodeToolException()
    {
    }

    public NodeToolException(string message)
        : base(message)
    {
    }

    public NodeToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A column as an interop reader reports it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">The reader's own type name: DuckDB's (e.g. "BIGINT", "TIMESTAMP_NS",
/// "DECIMAL(18,3)") or hyparquet's physical + logical type (e.g. "INT64 TIMESTAMP(NANOS)").</param>
/// <param name="Unit">For timestamp columns, the unit of the printed integers: "millis", "micros"
/// or "nanos" (the Parquet column's own unit); otherwise null.</param>
public sealed record InteropColumn(string Name, string Type, string? Unit);

/// <summary>
/// The rows a Node.js reader printed, in file order.
/// </summary>
/// <remarks>
/// Values are kept as <see cref="JsonElement"/> (cloned, independent of any document) in the shared
/// representation of tests/interop/interop-common.mjs:
/// null → JSON null; boolean → JSON true/false; every integer (any width, incl. uint64) → decimal
/// string; FLOAT/DOUBLE → JS String(x) ("NaN", "Infinity", "-Infinity", "-0"; parse with
/// double.Parse and compare bits, JS and .NET format differently); TIMESTAMP → decimal string in the
/// column's <see cref="InteropColumn.Unit"/>; DATE → days since epoch (string); string/enum →
/// string; binary → "0x" + lowercase hex; UUID → canonical lowercase text; DECIMAL → exact decimal
/// text ("-1.50"); LIST → array; STRUCT → object; MAP → array of [key, value].
/// <see cref="Text(int, int)"/> flattens a value to <c>string?</c> for simple comparisons.
/// </remarks>
public sealed class InteropTable
{
    private InteropTable(IReadOnlyList<InteropColumn> columns, IReadOnlyList<IReadOnlyList<JsonElement>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<InteropColumn> Columns { get; }

    /// <summary>Rows in file order; each row has one value per column.</summary>
    public IReadOnlyList<IReadOnlyList<JsonElement>> Rows { get; }

    public int RowCount => Rows.Count;

    /// <summary>Index of the column with this exact name; throws when there is none.</summary>
    public int ColumnIndex(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"No column '{name}' in [{string.Join(", ", Columns.Select(c => c.Name))}]");
    }

    /// <summary>
    /// A value as text: null for JSON null, the string for strings, "true"/"false" for booleans,
    /// the raw JSON text for arrays and objects.
    /// </summary>
    public string? Text(int row, int column) => ToText(Rows[row][column]);

    /// <summary>All values of a column as text (see <see cref="Text(int, int)"/>).</summary>
    public IReadOnlyList<string?> ColumnText(string name)
    {
        var c = ColumnIndex(name);
        return Rows.Select(r => ToText(r[c])).ToArray();
    }

    /// <summary>Parses a reader's JSON output.</summary>
    public static InteropTable Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var columns = root.GetProperty("columns").EnumerateArray()
            .Select(c => new InteropColumn(
                c.GetProperty("name").GetString()!,
                c.GetProperty("type").GetString()!,
                c.TryGetProperty("unit", out var u) ? u.GetString() : null))
            .ToArray();
        var rows = root.GetProperty("rows").EnumerateArray()
            .Select(r => (IReadOnlyList<JsonElement>)r.EnumerateArray().Select(v => v.Clone()).ToArray())
            .ToArray();
        return new InteropTable(columns, rows);
    }

    private static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}

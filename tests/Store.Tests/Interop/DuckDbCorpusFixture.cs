using Archiver.Store.Parquet;

namespace Archiver.Store.Tests.Interop;

/// <summary>Writes the DuckDB corpus once per test run into a temporary folder.</summary>
public sealed class DuckDbCorpusFixture : IDisposable
{
    public DuckDbCorpusFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("duckdb-corpus-").FullName;
        NodeTools.WriteDuckDbCorpus(Directory);
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

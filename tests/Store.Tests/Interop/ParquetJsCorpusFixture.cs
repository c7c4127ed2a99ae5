using System.Globalization;
using Archiver.Store.Parquet;

namespace Archiver.Store.Tests.Interop;

/// <summary>Writes the parquetjs corpus (data page v2, INT96, many pages per chunk) once per test run.</summary>
public sealed class ParquetJsCorpusFixture : IDisposable
{
    public ParquetJsCorpusFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("parquetjs-corpus-").FullName;
        NodeTools.WriteParquetJsCorpus(Directory);
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

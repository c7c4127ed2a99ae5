using System.Text.Json;

namespace Archiver.Store.Ingest;

/// <summary>
/// The ingest ledger, <c>&lt;store root&gt;/_ingest/ledger.json</c>: per archive file (path relative to the archive
/// root) what was ingested. Saved atomically (temporary file, fsync, rename), so a crash leaves the old or the new
/// ledger, never half of one. A file missing from the ledger is simply ingested again, which is safe: see
/// <see cref="ArchiveIngestor"/>.
/// </summary>
public sealed class IngestLedger
{
    private readonly IngestLedgerDocument _document;

    private IngestLedger(string path, IngestLedgerDocument document)
    {
        Path = path;
        _document = document;
    }

    /// <summary>The ledger's path under a store root.</summary>
    public static string PathFor(string storeRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeRoot);
        return System.IO.Path.Combine(storeRoot, "_ingest", "ledger.json");
    }

    public string Path { get; }

    public int Count => _document.Files.Count;

    /// <summary>Loads the ledger at <paramref name="path"/>, or an empty one when there is none.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a ledger.</exception>
    public static IngestLedger Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) return new IngestLedger(path, new IngestLedgerDocument());
        try
        {
            using var stream = File.OpenRead(path);
            var document = JsonSerializer.Deserialize(stream, IngestLedgerJsonContext.Default.IngestLedgerDocument)
                           ?? throw new InvalidDataException($"{path}: empty ingest ledger");
            if (document.Version != 1) throw new InvalidDataException($"{path}: ingest ledger version {document.Version} is not supported");
            document.Files = new Dictionary<string, IngestLedgerEntry>(document.Files ?? [], StringComparer.Ordinal);
            return new IngestLedger(path, document);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid ingest ledger ({e.Message}); delete it to ingest everything again", e);
        }
    }

    public IngestLedgerEntry? Find(string relativePath) => _document.Files.GetValueOrDefault(relativePath);

    public void Set(string relativePath, IngestLedgerEntry entry) => _document.Files[relativePath] = entry;

    /// <summary>Writes the ledger atomically.</summary>
    public void Save()
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".ledger.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _document, IngestLedgerJsonContext.Default.IngestLedgerDocument);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
        Parquet.IO.DirectorySync.Fsync(directory);
    }
}

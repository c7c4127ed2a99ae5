using System.Text.Json.Serialization;

namespace Archiver.Store.Ingest;

/// <summary>Source-generated JSON for the ingest ledger.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IngestLedgerDocument))]
internal sealed partial class IngestLedgerJsonContext : JsonSerializerContext;

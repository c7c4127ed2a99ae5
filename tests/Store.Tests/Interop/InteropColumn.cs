using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Archiver.Store.Tests.Interop;

/// <summary>A column as an interop reader reports it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">The reader's own type name: DuckDB's (e.g. "BIGINT", "TIMESTAMP_NS",
/// "DECIMAL(18,3)") or hyparquet's physical + logical type (e.g. "INT64 TIMESTAMP(NANOS)").</param>
/// <param name="Unit">For timestamp columns, the unit of the printed integers: "millis", "micros"
/// or "nanos" (the Parquet column's own unit); otherwise null.</param>
public sealed record InteropColumn(string Name, string Type, string? Unit);

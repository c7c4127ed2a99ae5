using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Archiver.Store.Parquet;
using Archiver.Store.Parquet.Data;

namespace Archiver.Cli.Commands;

/// <summary><c>archiver inspect FILE [--json] [--rows N]</c>: schema, row groups, codecs, encodings, statistics and the first rows.</summary>
internal static class InspectCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<FileInfo>("file") { Description = "Parquet file to describe." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var rows = new Option<int>("--rows") { Description = "How many leading rows to show.", DefaultValueFactory = _ => 10 };
        var command = new Command("inspect", "Show a Parquet file's schema, row groups, codecs, encodings, statistics, key-value metadata and first rows.")
        {
            file, json, rows,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!.FullName;
            var count = parse.GetValue(rows);
            if (count < 0) throw new CommandException("--rows must be zero or more");
            if (!File.Exists(path)) throw new CommandException($"{path} does not exist");
            using var reader = ParquetFileReader.Open(path);
            var sample = ReadFirstRows(reader, count);
            if (parse.GetValue(json)) WriteJson(reader, sample, count, output);
            else WriteText(reader, sample, count, output);
            return ArchiverCli.ExitOk;
        });
        return command;
    }

    private static RowGroupData? ReadFirstRows(ParquetFileReader reader, int count)
    {
        if (count == 0 || reader.RowGroupCount == 0) return null;
        for (var g = 0; g < reader.RowGroupCount; g++)
            if (reader.GetRowGroupRowCount(g) > 0)
                return reader.ReadRowGroup(g);
        return null;
    }

    private static void WriteText(ParquetFileReader reader, RowGroupData? sample, int count, TextWriter output)
    {
        var m = reader.Metadata;
        var size = new FileInfo(reader.Name).Length;
        output.WriteLine($"file:        {reader.Name}");
        output.WriteLine($"size:        {size:N0} bytes");
        output.WriteLine($"rows:        {reader.RowCount:N0} in {reader.RowGroupCount} row group(s)");
        output.WriteLine($"created by:  {m.CreatedBy ?? "(unknown)"}");
        output.WriteLine($"version:     {m.Version}");
        output.WriteLine();
        output.WriteLine("schema:");
        var width = reader.Schema.Fields.Max(f => f.Name.Length);
        foreach (var f in reader.Schema.Fields)
            output.WriteLine($"  {f.Name.PadRight(width)}  {ValueFormatter.Describe(f)}{(f.IsNullable ? string.Empty : " NOT NULL")}");
        var kv = reader.KeyValueMetadata;
        if (kv.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("key-value metadata:");
            foreach (var (k, v) in kv.OrderBy(p => p.Key, StringComparer.Ordinal))
                output.WriteLine($"  {k} = {TextTable.Shorten(v, 200)}");
        }

        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = m.RowGroups[g];
            output.WriteLine();
            output.WriteLine($"row group {g}: {group.NumRows:N0} rows, {group.TotalCompressedSize ?? group.Columns.Sum(c => c.MetaData!.TotalCompressedSize):N0} bytes compressed, {group.TotalByteSize:N0} uncompressed");
            var table = new List<string[]> { new[] { "column", "codec", "encodings", "compressed", "uncompressed", "nulls", "min", "max" } };
            for (var c = 0; c < group.Columns.Count; c++)
            {
                var meta = group.Columns[c].MetaData!;
                var field = reader.Schema[c];
                var stats = reader.GetStatistics(g, c);
                table.Add(
                [
                    field.Name,
                    ValueFormatter.CodecName(meta.Codec),
                    string.Join(",", meta.Encodings.Select(ValueFormatter.EncodingName)),
                    meta.TotalCompressedSize.ToString("N0", CultureInfo.InvariantCulture),
                    meta.TotalUncompressedSize.ToString("N0", CultureInfo.InvariantCulture),
                    stats.NullCount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                    TextTable.Shorten(ValueFormatter.FormatStatistic(field, stats.Min), 40),
                    TextTable.Shorten(ValueFormatter.FormatStatistic(field, stats.Max), 40),
                ]);
            }

            TextTable.Write(table, output);
        }

        if (sample is null) return;
        var shown = (int)Math.Min(sample.RowCount, count);
        output.WriteLine();
        output.WriteLine($"first {shown} row(s):");
        var rows = new List<string[]> { sample.Columns.Select(c => c.Field.Name).ToArray() };
        for (var r = 0; r < shown; r++) rows.Add(sample.Columns.Select(c => TextTable.Shorten(ValueFormatter.Format(c, r), 40)).ToArray());
        TextTable.Write(rows, output);
    }

    private static void WriteJson(ParquetFileReader reader, RowGroupData? sample, int count, TextWriter output)
    {
        var m = reader.Metadata;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", reader.Name);
            w.WriteNumber("sizeBytes", new FileInfo(reader.Name).Length);
            w.WriteNumber("rows", reader.RowCount);
            w.WriteNumber("rowGroupCount", reader.RowGroupCount);
            w.WriteNumber("version", m.Version);
            w.WriteString("createdBy", m.CreatedBy);
            w.WriteStartArray("schema");
            foreach (var f in reader.Schema.Fields)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteString("physicalType", ValueFormatter.PhysicalName(f.PhysicalType));
                w.WriteString("type", ValueFormatter.Describe(f));
                w.WriteBoolean("nullable", f.IsNullable);
                if (f.TypeLength > 0) w.WriteNumber("typeLength", f.TypeLength);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("keyValueMetadata");
            foreach (var (k, v) in reader.KeyValueMetadata.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteStartArray("rowGroups");
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var group = m.RowGroups[g];
                w.WriteStartObject();
                w.WriteNumber("index", g);
                w.WriteNumber("rows", group.NumRows);
                w.WriteNumber("compressedBytes", group.Columns.Sum(c => c.MetaData!.TotalCompressedSize));
                w.WriteNumber("uncompressedBytes", group.TotalByteSize);
                w.WriteStartArray("columns");
                for (var c = 0; c < group.Columns.Count; c++)
                {
                    var meta = group.Columns[c].MetaData!;
                    var field = reader.Schema[c];
                    var stats = reader.GetStatistics(g, c);
                    w.WriteStartObject();
                    w.WriteString("name", field.Name);
                    w.WriteString("codec", ValueFormatter.CodecName(meta.Codec));
                    w.WriteStartArray("encodings");
                    foreach (var e in meta.Encodings) w.WriteStringValue(ValueFormatter.EncodingName(e));
                    w.WriteEndArray();
                    w.WriteNumber("compressedBytes", meta.TotalCompressedSize);
                    w.WriteNumber("uncompressedBytes", meta.TotalUncompressedSize);
                    w.WriteNumber("values", meta.NumValues);
                    if (stats.NullCount is long nulls) w.WriteNumber("nullCount", nulls);
                    if (stats.Min is not null) w.WriteString("min", ValueFormatter.FormatStatistic(field, stats.Min));
                    if (stats.Max is not null) w.WriteString("max", ValueFormatter.FormatStatistic(field, stats.Max));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("firstRows");
            if (sample is not null)
            {
                var shown = (int)Math.Min(sample.RowCount, count);
                for (var r = 0; r < shown; r++)
                {
                    w.WriteStartObject();
                    foreach (var c in sample.Columns)
                    {
                        w.WritePropertyName(c.Field.Name);
                        ValueFormatter.WriteJson(w, c, r);
                    }

                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}

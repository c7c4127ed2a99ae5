namespace Archiver.Store.Server.Rpc;

/// <summary>One request of <c>DataService.Create</c>. Variable when <c>row_type</c> is "variable" or <c>is_variable_length</c> is true.</summary>
public sealed record CreateRequestArgs(string Key, IReadOnlyList<string> ColumnNames, IReadOnlyList<string> ColumnTypes, string? RowType, bool IsVariableLength);

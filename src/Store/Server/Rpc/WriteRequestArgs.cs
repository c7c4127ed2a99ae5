namespace Archiver.Store.Server.Rpc;

/// <summary>One request of <c>DataService.Write</c>: a dataset and <c>is_variable_length</c>.</summary>
public sealed record WriteRequestArgs(DatasetArgs Dataset, bool IsVariableLength);

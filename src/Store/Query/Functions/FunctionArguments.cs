namespace Archiver.Store.Query.Functions;

/// <summary>What a function call gets besides its input: the literals, the bound inputs and the query's clock.</summary>
public sealed record FunctionArguments(IReadOnlyList<string> Literals, FunctionInputs Inputs, long NowSeconds);

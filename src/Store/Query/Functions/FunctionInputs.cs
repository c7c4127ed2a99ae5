namespace Archiver.Store.Query.Functions;

/// <summary>Which columns each input of a function is bound to (an input may be bound to several columns).</summary>
public sealed class FunctionInputs
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _bound;

    public FunctionInputs(IReadOnlyDictionary<string, IReadOnlyList<string>> bound) => _bound = bound;

    /// <summary>The columns bound to <paramref name="input"/>, or an empty list.</summary>
    public IReadOnlyList<string> this[string input] => _bound.TryGetValue(input, out var cols) ? cols : [];

    public bool IsBound(string input) => _bound.ContainsKey(input);
}

using Archiver.Store.Buckets;

namespace Archiver.Store.Query.Functions;

/// <summary>
/// The column inputs a function takes: required ones (bound by position or by name) and optional ones (bound by name,
/// <c>Sum::Volume</c>, or by the positions left over after the required inputs).
/// </summary>
public sealed class FunctionSignature
{
    public FunctionSignature(IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        Required = required;
        Optional = optional;
    }

    public IReadOnlyList<string> Required { get; }

    public IReadOnlyList<string> Optional { get; }

    /// <summary>
    /// Binds call parameters to inputs. Order: named (<c>Input::Column</c>, repeatable: an input may get several
    /// columns), then the required inputs still unbound take the positional parameters in order, then the optional
    /// inputs still unbound take what is left, one each. Unlike MarketStore, a single leftover positional parameter
    /// binds to the first optional input instead of failing (upstream's off-by-one); more leftovers than free
    /// optional inputs fail with <c>extra args used…</c>. Input names match case-insensitively; an unknown input
    /// name is an error (MarketStore ignores it silently).
    /// </summary>
    public FunctionInputs Bind(string function, IReadOnlyList<string> parameters)
    {
        if (Required.Count > parameters.Count)
            throw new StoreException($"{function}: have {GoList(parameters)}, need {GoList(Required)}");

        var bound = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var positional = new List<string>();
        foreach (var p in parameters)
        {
            var sep = p.IndexOf("::", StringComparison.Ordinal);
            if (sep < 0)
            {
                positional.Add(p);
                continue;
            }

            var input = p[..sep].Trim();
            var column = p[(sep + 2)..].Trim();
            if (column.Length == 0 || column.Contains("::", StringComparison.Ordinal))
                throw new StoreException($"{function}: cannot read the named argument '{p}' (use Input::Column)");
            var canonical = Canonical(input)
                ?? throw new StoreException($"{function}: no input named {input} (inputs: {string.Join(", ", Required.Concat(Optional))})");
            Add(bound, canonical, column);
        }

        var freeRequired = Required.Where(r => !bound.ContainsKey(r)).ToList();
        if (freeRequired.Count > positional.Count)
            throw new StoreException($"{function}: insufficient args: have {GoList(parameters)}, required {GoList(Required)}");
        var next = 0;
        foreach (var r in freeRequired) Add(bound, r, positional[next++]);

        var freeOptional = Optional.Where(o => !bound.ContainsKey(o)).ToList();
        if (positional.Count - next > freeOptional.Count)
            throw new StoreException($"{function}: extra args used: have {GoList(parameters)}, required {GoList(Required)}, optional {GoList(Optional)}");
        foreach (var o in freeOptional)
        {
            if (next == positional.Count) break;
            Add(bound, o, positional[next++]);
        }

        return new FunctionInputs(bound.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal));
    }

    private string? Canonical(string input)
    {
        foreach (var name in Required.Concat(Optional))
        {
            if (string.Equals(name, input, StringComparison.OrdinalIgnoreCase)) return name;
        }

        return null;
    }

    private static void Add(Dictionary<string, List<string>> bound, string input, string column)
    {
        if (!bound.TryGetValue(input, out var list)) bound[input] = list = [];
        if (!list.Contains(column, StringComparer.Ordinal)) list.Add(column);
    }

    /// <summary>A list the way Go's <c>%s</c> prints a string slice: <c>[a b c]</c> (MarketStore's error texts).</summary>
    private static string GoList(IEnumerable<string> items) => "[" + string.Join(' ', items) + "]";
}

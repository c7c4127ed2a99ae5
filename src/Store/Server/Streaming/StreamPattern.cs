namespace Archiver.Store.Server.Streaming;

/// <summary>
/// A subscription pattern of <c>/ws</c>: a glob over the three parts of <c>SYM/TF/ATTR</c> with gobwas/glob rules and
/// <c>/</c> as separator: <c>*</c> any run of non-separator characters, <c>?</c> one character, <c>[abc]</c>,
/// <c>[a-z]</c>, <c>[!abc]</c> classes, <c>{a,b}</c> alternatives, <c>\</c> escapes. Braces are expanded when the
/// pattern is compiled, so matching allocates nothing.
/// </summary>
public sealed class StreamPattern
{
    /// <summary>Most alternatives one pattern may expand to.</summary>
    public const int MaxAlternatives = 256;

    /// <summary>Longest accepted pattern.</summary>
    public const int MaxLength = 512;

    private readonly string[][] _alternatives;

    private StreamPattern(string text, string[][] alternatives)
    {
        Text = text;
        _alternatives = alternatives;
    }

    public string Text { get; }

    /// <summary>Compiles <paramref name="text"/>; false when it is not a valid three-part glob.</summary>
    public static bool TryParse(string? text, out StreamPattern? pattern)
    {
        pattern = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength) return false;
        var expanded = new List<string>();
        if (!Expand(text, expanded)) return false;
        var alternatives = new string[expanded.Count][];
        for (var i = 0; i < expanded.Count; i++)
        {
            var parts = SplitUnescaped(expanded[i]);
            if (parts is null || parts.Length != 3) return false;
            foreach (var part in parts)
            {
                if (!ValidSegment(part)) return false;
            }

            alternatives[i] = parts;
        }

        pattern = new StreamPattern(text, alternatives);
        return true;
    }

    /// <summary>Whether <paramref name="key"/> (<c>SYM/TF/ATTR</c>) matches.</summary>
    public bool IsMatch(ReadOnlySpan<char> key)
    {
        var first = key.IndexOf('/');
        if (first < 0) return false;
        var rest = key[(first + 1)..];
        var second = rest.IndexOf('/');
        if (second < 0) return false;
        var symbol = key[..first];
        var timeframe = rest[..second];
        var attribute = rest[(second + 1)..];
        if (attribute.Contains('/')) return false;
        foreach (var alt in _alternatives)
        {
            if (MatchSegment(alt[0], symbol) && MatchSegment(alt[1], timeframe) && MatchSegment(alt[2], attribute)) return true;
        }

        return false;
    }

    public override string ToString() => Text;

    /// <summary>Expands the first top-level <c>{…}</c> recursively; false on unbalanced braces or too many alternatives.</summary>
    private static bool Expand(string text, List<string> output)
    {
        var open = -1;
        var depth = 0;
        var inClass = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\') { i++; continue; }
            if (inClass) { if (c == ']') inClass = false; continue; }
            if (c == '[') { inClass = true; continue; }
            if (c == '{')
            {
                if (depth == 0) open = i;
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0) return false;
                depth--;
                if (depth == 0)
                {
                    var inner = text[(open + 1)..i];
                    var prefix = text[..open];
                    var suffix = text[(i + 1)..];
                    foreach (var option in SplitTopLevelCommas(inner))
                    {
                        if (!Expand(prefix + option + suffix, output)) return false;
                    }

                    return true;
                }
            }
        }

        if (depth != 0 || inClass) return false;
        if (output.Count >= MaxAlternatives) return false;
        output.Add(text);
        return true;
    }

    private static List<string> SplitTopLevelCommas(string inner)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '\\') { i++; continue; }
            if (c == '{') depth++;
            else if (c == '}') depth--;
            else if (c == ',' && depth == 0)
            {
                parts.Add(inner[start..i]);
                start = i + 1;
            }
        }

        parts.Add(inner[start..]);
        return parts;
    }

    private static string[]? SplitUnescaped(string text)
    {
        var parts = new List<string>();
        var start = 0;
        var inClass = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\') { i++; continue; }
            if (inClass) { if (c == ']') inClass = false; continue; }
            if (c == '[') inClass = true;
            else if (c == '/')
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        if (inClass) return null;
        parts.Add(text[start..]);
        return parts.ToArray();
    }

    private static bool ValidSegment(string segment)
    {
        if (segment.Length == 0) return false;
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '\\')
            {
                if (i + 1 >= segment.Length) return false;
                i++;
            }
            else if (c == '[')
            {
                var end = ClassEnd(segment, i);
                if (end < 0) return false;
                i = end;
            }
            else if (c is ']' or '{' or '}') return false;
        }

        return true;
    }

    /// <summary>Index of the <c>]</c> closing the class opened at <paramref name="open"/>, or -1.</summary>
    private static int ClassEnd(ReadOnlySpan<char> p, int open)
    {
        var i = open + 1;
        if (i < p.Length && p[i] == '!') i++;
        var first = i;
        for (; i < p.Length; i++)
        {
            if (p[i] == '\\') { i++; continue; }
            if (p[i] == ']' && i > first) return i;
        }

        return -1;
    }

    private static bool MatchSegment(ReadOnlySpan<char> p, ReadOnlySpan<char> s)
    {
        int pi = 0, si = 0, starP = -1, starS = 0;
        while (si < s.Length)
        {
            if (pi < p.Length)
            {
                var c = p[pi];
                if (c == '*')
                {
                    starP = pi++;
                    starS = si;
                    continue;
                }

                var (matched, next) = MatchOne(p, pi, s[si]);
                if (matched)
                {
                    pi = next;
                    si++;
                    continue;
                }
            }

            if (starP < 0) return false;
            pi = starP + 1;
            si = ++starS;
        }

        while (pi < p.Length && p[pi] == '*') pi++;
        return pi == p.Length;
    }

    /// <summary>Whether the pattern element at <paramref name="pi"/> matches <paramref name="c"/>, and where the next element starts.</summary>
    private static (bool Matched, int Next) MatchOne(ReadOnlySpan<char> p, int pi, char c)
    {
        switch (p[pi])
        {
            case '?':
                return (true, pi + 1);
            case '\\':
                return (p[pi + 1] == c, pi + 2);
            case '[':
            {
                var end = ClassEnd(p, pi);
                var i = pi + 1;
                var negate = p[i] == '!';
                if (negate) i++;
                var hit = false;
                while (i < end)
                {
                    var lo = p[i];
                    if (lo == '\\') lo = p[++i];
                    if (i + 2 < end && p[i + 1] == '-')
                    {
                        var hi = p[i + 2];
                        if (hi == '\\') hi = p[i + 3];
                        hit |= c >= lo && c <= hi;
                        i += p[i + 2] == '\\' ? 4 : 3;
                    }
                    else
                    {
                        hit |= c == lo;
                        i++;
                    }
                }

                return (hit != negate, end + 1);
            }

            default:
                return (p[pi] == c, pi + 1);
        }
    }
}

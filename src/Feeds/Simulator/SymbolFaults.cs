using Archiver.Feeds.Model;

namespace Archiver.Feeds.Simulator;

/// <summary>The faults switched on for one symbol of one exchange. Used under the feed's lock.</summary>
internal sealed class SymbolFaults
{
    private bool _bookSilenced;
    private bool _tradesSilenced;
    private int _pendingBookSkips;
    private int _pendingTradeSkips;

    public bool IsSilenced(StreamKind kind) => kind == StreamKind.Book ? _bookSilenced : _tradesSilenced;

    public void SetSilenced(StreamKind kind, bool silenced)
    {
        if (kind == StreamKind.Book) _bookSilenced = silenced;
        else _tradesSilenced = silenced;
    }

    /// <summary>Withholds the next book message and the next <paramref name="trades"/> trades.</summary>
    public void Skip(int trades)
    {
        _pendingBookSkips++;
        _pendingTradeSkips += trades;
    }

    /// <summary>Whether the book message being published must be withheld (and counts it).</summary>
    public bool TryConsumeBookSkip()
    {
        if (_pendingBookSkips == 0) return false;
        _pendingBookSkips--;
        return true;
    }

    /// <summary>Whether the trade being published must be withheld (and counts it).</summary>
    public bool TryConsumeTradeSkip()
    {
        if (_pendingTradeSkips == 0) return false;
        _pendingTradeSkips--;
        return true;
    }
}

using System.Text;
using Archiver.Feeds.Model;
using Archiver.Store.Archive;

namespace Archiver.Tests.Journal;

/// <summary>Records and headers for the journal tests.</summary>
internal static class JournalTestData
{
    /// <summary>2025-01-06 18:00 UTC, µs.</summary>
    public static readonly long Hour = new ArchiveHour(new DateTime(2025, 1, 6, 18, 0, 0, DateTimeKind.Utc)).StartMicros;

    public static Trade Trade(ExchangeId exchange, string symbol, int i, long? receive = null)
    {
        var t = new Trade
        {
            Exchange = exchange,
            Symbol = symbol,
            ExchangeTimeMicros = Hour + (i * 1000L) + 17,
            ReceiveTimeMicros = receive ?? Hour + (i * 1000L) + 250,
            Price = 97_000.5 + (i * 0.1),
            Size = 0.001 * (i + 1),
            Side = (TakerSide)(i % 3),
            Flags = (TradeFlags)(i % 8),
        };
        t.Id = (i % 4) switch
        {
            0 => TradeId.FromNumber(5_000_000_000L + i),
            1 => Id(Guid.NewGuid().ToString()),                 // a Bybit UUID
            2 => Id(new string('9', TradeId.MaxLength)),         // the longest id
            _ => default,                                        // no id
        };
        return t;
    }

    public static TradeId Id(string text)
    {
        Assert.True(TradeId.TryCreate(Encoding.UTF8.GetBytes(text), out var id));
        return id;
    }

    /// <summary>Fills <paramref name="book"/> with snapshot <paramref name="i"/>: varying level counts, ids and flags.</summary>
    public static BookSnapshot Fill(BookSnapshot book, int i, long? receive = null)
    {
        book.Clear();
        book.ExchangeTimeMicros = Hour + (i * 100L);
        book.ReceiveTimeMicros = receive ?? Hour + (i * 100L) + 40;
        if ((i & 1) != 0) book.TransactionTimeMicros = Hour + (i * 100L) - 3;
        if ((i & 2) != 0) book.UpdateId = 7_000_000_000L + i;
        if ((i & 4) != 0) book.PreviousUpdateId = 6_999_999_999L + i;
        if ((i & 8) != 0) book.Sequence = 123_456_789L * i;
        book.Flags = (BookFlags)(i % 16);
        book.BidCount = i % 3 == 0 ? book.Depth : (i * 7) % (book.Depth + 1);
        book.AskCount = i % 5 == 0 ? 0 : Math.Min(book.Depth, (i * 3) % (book.Depth + 1) + 1);
        for (var l = 0; l < book.Depth; l++)
        {
            book.BidPrices[l] = 97_000 - (l * 0.5) - (i * 0.01);
            book.BidSizes[l] = 1.0 / (l + 3) + i;
            book.AskPrices[l] = 97_000.5 + (l * 0.5) + (i * 0.01);
            book.AskSizes[l] = 2.0 / (l + 7) + i;
        }

        return book;
    }
}

using System.Text;
using Archiver.Feeds.Model;

namespace Archiver.Feeds.Tests.Model;

public sealed class TradeIdTests
{
    [Fact]
    public void A_numeric_id_keeps_its_text_and_value()
    {
        Assert.True(TradeId.TryCreate("5800000123"u8, out var id));
        Assert.Equal(5_800_000_123L, id.Numeric);
        Assert.Equal("5800000123", id.ToString());
        Assert.Equal(TradeId.FromNumber(5_800_000_123L), id);
    }

    [Fact]
    public void A_uuid_id_is_kept_as_text_with_no_numeric_value()
    {
        Assert.True(TradeId.TryCreate("20f43950-d8dd-5b31-9112-a178eb6023af"u8, out var id));
        Assert.Equal(-1, id.Numeric);
        Assert.Equal("20f43950-d8dd-5b31-9112-a178eb6023af", Encoding.UTF8.GetString(id.Utf8));
    }

    [Fact]
    public void Ids_longer_than_the_inline_buffer_or_empty_are_refused()
    {
        Assert.False(TradeId.TryCreate(new byte[TradeId.MaxLength + 1], out _));
        Assert.False(TradeId.TryCreate([], out _));
    }
}

using Archiver.Store.MessagePack;

namespace Archiver.Store.Tests.MessagePack;

public sealed class MessagePackHostileInputTests
{
    /// <summary>Walks a whole document the way a schema-less consumer would.</summary>
    private static void ReadAll(ReadOnlySpan<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        reader.Skip();
    }

    [Fact]
    public void Truncating_the_contract_request_at_every_offset_gives_a_clean_exception_at_or_before_the_cut()
    {
        var full = WireBytes.PmsQueryRequest;
        for (var cut = 0; cut < full.Length; cut++)
        {
            var e = Assert.Throws<MessagePackException>(() => ReadAll(full.AsSpan(0, cut)));
            Assert.InRange(e.Offset, 0, cut);
        }

        ReadAll(full);
    }

    [Fact]
    public void Truncating_the_contract_reply_at_every_offset_gives_a_clean_exception()
    {
        var full = WireBytes.PmsQueryReply;
        for (var cut = 0; cut < full.Length; cut++)
        {
            var e = Assert.Throws<MessagePackException>(() => ReadAll(full.AsSpan(0, cut)));
            Assert.InRange(e.Offset, 0, cut);
            Assert.StartsWith("msgpack: ", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("dd ff ff ff ff", "array")]
    [InlineData("dd 7f ff ff ff 00", "array")]
    [InlineData("df ff ff ff ff", "map")]
    [InlineData("df 00 00 00 02 00 00 00", "map")]
    [InlineData("dc ff ff 00", "array")]
    public void Hostile_container_counts_are_refused_before_anything_is_sized_from_them(string hex, string kind)
    {
        var bytes = WireBytes.Hex(hex);
        var e = Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(bytes);
            return kind == "array" ? reader.ReadArrayHeader() : reader.ReadMapHeader();
        });
        Assert.Equal(0, e.Offset);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                ReadAll(bytes);
            }
            catch (MessagePackException)
            {
            }
        }

        // 100 exceptions cost some bytes each, but nothing near a 4-billion-element array.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
    }

    [Theory]
    [InlineData("c6 ff ff ff ff 00 00")]
    [InlineData("c6 00 00 01 00 00 00")]
    [InlineData("db ff ff ff ff 41")]
    [InlineData("da 00 10 41 41")]
    [InlineData("c5 01 00 00")]
    [InlineData("d9 05 41")]
    public void Hostile_str_and_bin_lengths_are_refused(string hex)
    {
        var e = Assert.Throws<MessagePackException>(() => ReadAll(WireBytes.Hex(hex)));
        Assert.Equal(0, e.Offset);
        Assert.Contains("length", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("d4 01 00")]
    [InlineData("d8 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")]
    [InlineData("c7 01 05 00")]
    [InlineData("c8 00 01 05 00")]
    [InlineData("c9 00 00 00 01 05 00")]
    public void Ext_values_are_rejected_with_a_clear_error(string hex)
    {
        var bytes = WireBytes.Hex(hex);
        Assert.Equal(MessagePackType.Extension, new MessagePackReader(bytes).PeekType());
        var e = Assert.Throws<MessagePackException>(() => ReadAll(bytes));
        Assert.Contains("ext value", e.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ext_nested_in_a_map_reports_its_own_offset()
    {
        // {"a": ext}
        var e = Assert.Throws<MessagePackException>(() => ReadAll(WireBytes.Hex("81 a1 61 d4 01 00")));
        Assert.Equal(3, e.Offset);
    }

    [Fact]
    public void The_never_used_format_byte_is_refused()
    {
        var e = Assert.Throws<MessagePackException>(() => ReadAll(WireBytes.Hex("c1")));
        Assert.Contains("0xc1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_beyond_the_depth_limit_is_refused_and_within_it_accepted()
    {
        var deep = Enumerable.Repeat((byte)0x91, 100).Append((byte)0xc0).ToArray();
        var e = Assert.Throws<MessagePackException>(() =>
        {
            var reader = new MessagePackReader(deep, maxDepth: 64);
            reader.Skip();
        });
        Assert.Equal(64, e.Offset);
        Assert.Contains("deeper than 64", e.Message, StringComparison.Ordinal);

        var reader = new MessagePackReader(deep, maxDepth: 100);
        reader.Skip();
        Assert.True(reader.End);
    }

    [Fact]
    public void Very_deep_nesting_fails_cleanly_instead_of_overflowing_the_stack()
    {
        var deep = Enumerable.Repeat((byte)0x81, 500_000).ToArray();
        Assert.Throws<MessagePackException>(() => ReadAll(deep));
    }

    [Fact]
    public void Wrong_type_reports_what_was_expected_and_found_with_the_offset()
    {
        var bytes = WireBytes.Hex("92 01 a1 78");
        var reader = new MessagePackReader(bytes);
        reader.ReadArrayHeader();
        reader.ReadInt64();
        var position = reader.Position;
        MessagePackException? e = null;
        try
        {
            reader.ReadInt64();
        }
        catch (MessagePackException x)
        {
            e = x;
        }

        Assert.NotNull(e);
        Assert.Equal(2, e.Offset);
        Assert.Equal("msgpack: expected integer, found str at byte 2", e.Message);
        Assert.Equal(position, reader.Position);
    }

    [Fact]
    public void Reading_past_the_end_is_an_error_not_a_crash()
    {
        var reader = new MessagePackReader([]);
        Assert.True(reader.End);
        var e = Assert.Throws<MessagePackException>(() => new MessagePackReader([]).PeekType());
        Assert.Contains("end of input", e.Message, StringComparison.Ordinal);
        Assert.False(reader.TryReadNil());
    }
}

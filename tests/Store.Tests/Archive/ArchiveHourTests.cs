using Archiver.Store.Archive;

namespace Archiver.Store.Tests.Archive;

public sealed class ArchiveHourTests
{
    [Theory]
    [InlineData("2025-01-06:18", 2025, 1, 6, 18)]
    [InlineData("2024-02-29:00", 2024, 2, 29, 0)]
    [InlineData(" 2024-12-31:23 ", 2024, 12, 31, 23)]
    [InlineData("1969-12-31:23", 1969, 12, 31, 23)]
    public void Parses_and_formats_YYYY_MM_DD_HH(string text, int y, int m, int d, int h)
    {
        var hour = ArchiveHour.Parse(text);
        Assert.Equal(new DateTime(y, m, d, h, 0, 0, DateTimeKind.Utc), hour.Start);
        Assert.Equal(DateTimeKind.Utc, hour.Start.Kind);
        Assert.Equal(text.Trim(), hour.ToString());
        Assert.Equal(hour, ArchiveHour.Parse(hour.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2025-01-06")]
    [InlineData("2025-01-06:24")]
    [InlineData("2025-01-06 18")]
    [InlineData("2025-01-06T18")]
    [InlineData("2025-01-06:18:00")]
    [InlineData("2025-1-6:18")]
    [InlineData("2025-02-29:00")]
    [InlineData("2025-13-01:00")]
    [InlineData("06/01/2025:18")]
    public void Refuses_anything_else(string? text)
    {
        Assert.False(ArchiveHour.TryParse(text, out var hour));
        Assert.Equal(default, hour);
        if (text is not null)
        {
            var e = Assert.Throws<FormatException>(() => ArchiveHour.Parse(text));
            Assert.Contains("YYYY-MM-DD:HH", e.Message);
        }
    }

    [Fact]
    public void Truncates_to_the_hour_and_converts_local_times()
    {
        var hour = new ArchiveHour(new DateTime(2025, 1, 6, 18, 59, 59, 999, DateTimeKind.Utc));
        Assert.Equal(ArchiveHour.Parse("2025-01-06:18"), hour);
        var local = new DateTime(2025, 1, 6, 18, 30, 0, DateTimeKind.Utc).ToLocalTime();
        Assert.Equal(hour, new ArchiveHour(local));
    }

    [Fact]
    public void Micros_bounds_and_next()
    {
        var hour = ArchiveHour.Parse("2025-01-01:00");
        Assert.Equal(1_735_689_600_000_000L, hour.StartMicros);
        Assert.Equal(1_735_689_600_000_000L + ArchiveHour.MicrosPerHour, hour.EndMicros);
        Assert.Equal(ArchiveHour.Parse("2025-01-01:01"), hour.Next);
        Assert.Equal(ArchiveHour.Parse("2025-01-01:00"), ArchiveHour.Parse("2024-12-31:23").Next);
        Assert.Equal(ArchiveHour.Parse("2024-02-29:00"), ArchiveHour.Parse("2024-02-28:23").Next);
    }

    [Theory]
    [InlineData(0L, "1970-01-01:00")]
    [InlineData(3_599_999_999L, "1970-01-01:00")]
    [InlineData(3_600_000_000L, "1970-01-01:01")]
    [InlineData(-1L, "1969-12-31:23")]
    [InlineData(-3_599_999_999L, "1969-12-31:23")]
    [InlineData(-3_600_000_000L, "1969-12-31:23")]
    [InlineData(-3_600_000_001L, "1969-12-31:22")]
    [InlineData(1_736_186_399_999_999L, "2025-01-06:17")]
    [InlineData(1_736_186_400_000_000L, "2025-01-06:18")]
    public void FromMicros_finds_the_hour_holding_an_instant_on_both_sides_of_the_epoch(long micros, string expected)
    {
        var hour = ArchiveHour.FromMicros(micros);
        Assert.Equal(expected, hour.ToString());
        Assert.InRange(micros, hour.StartMicros, hour.EndMicros - 1);
    }

    [Fact]
    public void FromMicros_agrees_with_StartMicros_for_every_hour_of_a_range()
    {
        foreach (var hour in ArchiveHour.Range(ArchiveHour.Parse("1969-12-30:00"), ArchiveHour.Parse("1970-01-02:23")))
        {
            Assert.Equal(hour, ArchiveHour.FromMicros(hour.StartMicros));
            Assert.Equal(hour, ArchiveHour.FromMicros(hour.EndMicros - 1));
        }
    }

    [Fact]
    public void Range_includes_both_ends_and_refuses_an_end_before_the_start()
    {
        var hours = ArchiveHour.Range(ArchiveHour.Parse("2024-12-31:22"), ArchiveHour.Parse("2025-01-01:01")).Select(h => h.ToString()).ToArray();
        Assert.Equal(["2024-12-31:22", "2024-12-31:23", "2025-01-01:00", "2025-01-01:01"], hours);
        Assert.Single(ArchiveHour.Range(ArchiveHour.Parse("2025-01-01:01"), ArchiveHour.Parse("2025-01-01:01")));
        var e = Assert.Throws<ArgumentException>(() => ArchiveHour.Range(ArchiveHour.Parse("2025-01-01:01"), ArchiveHour.Parse("2025-01-01:00")).ToList());
        Assert.Contains("2025-01-01:00", e.Message);
        Assert.Contains("2025-01-01:01", e.Message);
    }

    [Fact]
    public void Compares_in_time_order()
    {
        var a = ArchiveHour.Parse("2024-12-31:23");
        var b = ArchiveHour.Parse("2025-01-01:00");
        var same = ArchiveHour.Parse("2024-12-31:23");
        Assert.True(a < b && b > a && a <= same && a >= same && b >= a);
        Assert.Equal(-1, a.CompareTo(b));
    }
}

using Archiver.Cli.Hosting;
using Quartz;

namespace Archiver.Tests.Hosting;

public sealed class HourCloseScheduleTests
{
    [Theory]
    [InlineData("00:00:10", "10 0 * * * ?")]
    [InlineData("00:00:00", "0 0 * * * ?")]
    [InlineData("00:01:30", "30 1 * * * ?")]
    [InlineData("00:00:10.2", "11 0 * * * ?")]
    [InlineData("00:59:59", "59 59 * * * ?")]
    [InlineData("00:59:59.5", "0 0 * * * ?")]
    public void The_cron_fires_close_grace_after_every_hour_rounded_up_to_a_second(string grace, string cron)
    {
        var result = HourCloseSchedule.CronFor(TimeSpan.Parse(grace, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(cron, result);
        Assert.True(CronExpression.TryParse(result, out _));
    }

    [Fact]
    public void A_grace_outside_the_hour_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HourCloseSchedule.CronFor(TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => HourCloseSchedule.CronFor(TimeSpan.FromSeconds(-1)));
    }
}

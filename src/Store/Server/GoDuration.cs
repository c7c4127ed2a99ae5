using System.Globalization;

namespace Archiver.Store.Server;

/// <summary>Formats a duration the way Go's <c>time.Duration.String()</c> does (<c>1h2m3.5s</c>, <c>250ms</c>), as the heartbeat reports uptime.</summary>
public static class GoDuration
{
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return "0s";
        if (duration < TimeSpan.FromSeconds(1))
        {
            var ms = duration.TotalMilliseconds;
            return ms >= 1
                ? ms.ToString("0.######", CultureInfo.InvariantCulture) + "ms"
                : (duration.Ticks * 100 / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + "µs";
        }

        var hours = (long)duration.TotalHours;
        var seconds = duration.TotalSeconds - (hours * 3600) - (duration.Minutes * 60);
        var text = seconds.ToString("0.#######", CultureInfo.InvariantCulture) + "s";
        if (hours > 0) return string.Create(CultureInfo.InvariantCulture, $"{hours}h{duration.Minutes}m{text}");
        return duration.Minutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m{text}") : text;
    }
}

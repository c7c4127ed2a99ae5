using System.Buffers;
using System.Text.Json;

namespace Archiver.Feeds.Simulator;

/// <summary>Builds one outgoing text frame with a <see cref="Utf8JsonWriter"/>.</summary>
internal static class SimulatorJson
{
    public static byte[] Build<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, state);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <c>[[price, size], …]</c> as strings.</summary>
    public static void WriteLevels(Utf8JsonWriter writer, SimulatedMarket market, IEnumerable<BookLevel> levels)
    {
        writer.WriteStartArray();
        foreach (var level in levels)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(market.FormatPrice(level.PriceTicks));
            writer.WriteStringValue(market.FormatSize(level.Lots));
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    /// <summary>The top <paramref name="depth"/> bids of <paramref name="market"/>, best first.</summary>
    public static IEnumerable<BookLevel> Bids(SimulatedMarket market, int depth)
    {
        for (var i = 0; i < depth; i++) yield return market.Bid(i);
    }

    /// <summary>The top <paramref name="depth"/> asks of <paramref name="market"/>, best first.</summary>
    public static IEnumerable<BookLevel> Asks(SimulatedMarket market, int depth)
    {
        for (var i = 0; i < depth; i++) yield return market.Ask(i);
    }
}

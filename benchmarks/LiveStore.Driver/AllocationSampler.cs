using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace LiveStore.Driver;

/// <summary>Counts the runtime's allocation-tick events (one per ~100 KB allocated) by type, to see what a flush allocates.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null) return;
        var names = eventData.PayloadNames;
        if (names is null) return;
        var t = names.IndexOf("TypeName");
        var a = names.IndexOf("AllocationAmount64");
        var type = t >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = a >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
    }

    public void Print(int flushes)
    {
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(15))
            Console.WriteLine($"  {bytes / 1024.0 / flushes,10:F1} KB/flush  {type}");
    }
}

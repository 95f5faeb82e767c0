using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Counts the runtime's allocation samples (one per ~100 KB allocated) by type, to show where a measured loop allocates.</summary>
internal sealed class AllocationListener : EventListener
{
    public ConcurrentDictionary<string, int> Samples { get; } = new();

    public bool Enabled { get; set; }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // Keyword 0x1: GC events, which include the allocation tick.
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (Enabled && eventData.EventName == "GCAllocationTick_V4" && eventData.Payload is { } payload)
        {
            var index = eventData.PayloadNames!.IndexOf("TypeName");
            var name = index >= 0 ? payload[index]?.ToString() ?? "?" : "?";
            Samples.AddOrUpdate(name, 1, (_, count) => count + 1);
        }
    }
}

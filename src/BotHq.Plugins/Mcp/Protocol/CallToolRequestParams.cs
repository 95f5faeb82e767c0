using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>tools/call</c>.</summary>
/// <remarks>Written by <see cref="CallToolRequestParamsConverter"/>: its <c>_meta</c> merges the per-call progress token and
/// trace context with the per-request revision's shared members, without an object per call.</remarks>
[JsonConverter(typeof(CallToolRequestParamsConverter))]
internal sealed class CallToolRequestParams
{
    public required string Name { get; init; }

    public JsonElement? Arguments { get; init; }

    /// <summary>Gets the per-request revision's <c>_meta</c> members (2026-07-28), or <see langword="null"/>.</summary>
    public RequestMeta? Meta { get; init; }

    /// <summary>Gets the progress token (the request's id), or <see langword="null"/> for none.</summary>
    public long? ProgressToken { get; init; }

    /// <summary>Gets the W3C <c>traceparent</c> of the caller's activity, or <see langword="null"/>.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Gets the W3C <c>tracestate</c> of the caller's activity, or <see langword="null"/>.</summary>
    public string? TraceState { get; init; }

    /// <summary>Gets the 2025-11-25 task augmentation, or <see langword="null"/> for a plain call.</summary>
    public TaskMetadata? Task { get; init; }
}

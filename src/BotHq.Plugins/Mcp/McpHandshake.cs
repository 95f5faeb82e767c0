using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>Selects the protocol era and revision with a server, as the specification's stdio rules describe.</summary>
/// <remarks>
/// <para>
/// Without a pinned revision: probe with <c>server/discover</c> (2026-07-28). A modern answer (a discover result, or the
/// unsupported-version error <c>-32022</c>) is never followed by <c>initialize</c> unless the server lists a handshake revision
/// this client speaks; a modern server that shares no revision with this client fails with both sides' lists. Any other error, or
/// no answer within <see cref="PluginMcpOptions.ProbeTimeout"/>, means a legacy server: <c>initialize</c> follows.
/// </para>
/// <para>
/// The era agreed with a plugin version is stored: a handshake era goes straight to <c>initialize</c> (no probe), a per-request
/// era sends <c>server/discover</c> without the probe's short timeout. When the stored era no longer works (the server was
/// replaced), the full negotiation runs again.
/// </para>
/// <para>
/// The handshake's requests are never the target of <c>notifications/cancelled</c>: a start that times out kills the process.
/// </para>
/// </remarks>
internal sealed class McpHandshake(McpConnection connection, string pluginName, PluginMcpOptions options, ILogger logger)
{
    private static readonly string ClientVersion =
        typeof(McpHandshake).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public Implementation ClientInfo { get; } = new() { Name = options.ClientName, Version = ClientVersion };

    /// <summary>Negotiates; returns <see langword="null"/> when the server exited on the probe (start it again and call <see cref="InitializeAsync"/>).</summary>
    /// <param name="rememberedVersion">The revision agreed with this plugin version's server before, if any.</param>
    /// <param name="cancellationToken">Bounds the whole negotiation (StartTimeout).</param>
    public async Task<McpHandshakeResult?> NegotiateAsync(string? rememberedVersion, CancellationToken cancellationToken)
    {
        if (options.ProtocolVersion is { } pinned)
        {
            if (McpProtocolVersions.IsHandshake(pinned))
            {
                return await InitializeAsync(pinned, pinned, cancellationToken).ConfigureAwait(false);
            }

            if (McpProtocolVersions.IsPerRequest(pinned))
            {
                return await DiscoverPinnedAsync(pinned, cancellationToken).ConfigureAwait(false);
            }

            throw ServerError($"PluginMcpOptions.ProtocolVersion is '{pinned}', a revision this client does not speak. Use one of {string.Join(", ", McpProtocolVersions.All)}, or leave it unset to negotiate.");
        }

        if (McpProtocolVersions.IsHandshake(rememberedVersion))
        {
            try
            {
                return await InitializeAsync(McpProtocolVersions.LatestHandshake, pinned: null, cancellationToken).ConfigureAwait(false);
            }
            catch (McpException ex)
            {
                // The stored era failed: the server was replaced (a modern one refuses initialize). Negotiate afresh.
                McpLog.StoredEraFailed(logger, pluginName, rememberedVersion!, $"it answered initialize with error {ex.Code}");
            }
        }

        var probeTimeout = McpProtocolVersions.IsPerRequest(rememberedVersion) ? (TimeSpan?)null : options.ProbeTimeout;
        return await DiscoverOrFallBackAsync(probeTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the handshake: <c>initialize</c>, version check, <c>notifications/initialized</c>.</summary>
    public async Task<McpHandshakeResult> InitializeAsync(string requested, string? pinned, CancellationToken cancellationToken)
    {
        var request = new InitializeRequestParams { ProtocolVersion = requested, Capabilities = ClientCapabilities.None, ClientInfo = ClientInfo };
        var result = await connection.SendRequestAsync(
            McpMethods.Initialize, request, McpJsonContext.Default.InitializeRequestParams, McpJsonContext.Default.InitializeResult, timeout: null, cancellationToken, McpRequestFlags.NeverCancel).ConfigureAwait(false);

        var agreed = result.ProtocolVersion;
        if (pinned is not null && !string.Equals(agreed, pinned, StringComparison.Ordinal))
        {
            throw ServerError($"The MCP server of plugin '{pluginName}' answered initialize with protocol revision '{agreed}', but this client asked for '{pinned}' (pinned by PluginMcpOptions.ProtocolVersion). Pin a revision the server speaks, or leave the option unset to negotiate.");
        }

        if (!McpProtocolVersions.IsHandshake(agreed))
        {
            throw ServerError($"The MCP server of plugin '{pluginName}' answered initialize with protocol revision '{agreed ?? "(none)"}', which this client does not speak: it asked for '{requested}' and speaks {string.Join(", ", McpProtocolVersions.Handshake)} with the handshake. Update the server to one of those revisions.");
        }

        connection.ProtocolVersion = agreed;
        await connection.SendNotificationAsync(McpMethods.Initialized, (EmptyResult?)null, McpJsonContext.Default.EmptyResult, cancellationToken).ConfigureAwait(false);
        return new McpHandshakeResult(agreed!, result.ServerInfo, result.Capabilities);
    }

    /// <summary>Creates the <c>_meta</c> every request carries on a per-request revision.</summary>
    public RequestMeta CreateMeta(string protocolVersion, ClientCapabilities? capabilities = null) =>
        new() { ProtocolVersion = protocolVersion, ClientInfo = ClientInfo, ClientCapabilities = capabilities ?? ClientCapabilities.None };

    private async Task<McpHandshakeResult?> DiscoverOrFallBackAsync(TimeSpan? probeTimeout, CancellationToken cancellationToken)
    {
        var version = McpProtocolVersions.V20260728;
        var tried = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            tried.Add(version);
            List<string>? serverVersions;
            string answer;
            try
            {
                var result = await DiscoverAsync(version, probeTimeout, cancellationToken).ConfigureAwait(false);
                if (result.SupportedVersions?.Contains(version, StringComparer.Ordinal) == true)
                {
                    connection.ProtocolVersion = version;
                    return new McpHandshakeResult(version, result.Meta?.ServerInfo ?? result.ServerInfo, result.Capabilities);
                }

                serverVersions = result.SupportedVersions;
                answer = "its server/discover lists";
            }
            catch (McpException ex) when (ex.Code == JsonRpcErrorCodes.UnsupportedProtocolVersion)
            {
                serverVersions = ReadSupported(ex.ErrorData);
                answer = "it answered server/discover with error -32022 (unsupported protocol version), listing";
            }
            catch (McpException ex) when (ex.Code is JsonRpcErrorCodes.MissingRequiredClientCapability or JsonRpcErrorCodes.HeaderMismatch)
            {
                // Modern errors: the server is modern, and falling back to initialize would not fix them.
                throw ServerError($"The MCP server of plugin '{pluginName}' refused server/discover with error {ex.Code}: {ex.ErrorMessage}. {(ex.Code == JsonRpcErrorCodes.MissingRequiredClientCapability ? "It requires client capabilities this client does not offer: BotHq.Plugins supports tools only, without sampling, roots or elicitation." : "The request's envelope did not match what the server expects; report it to the server's authors.")}", innerException: ex);
            }
            catch (McpException ex)
            {
                return await FallBackAsync($"it answered server/discover with error {ex.Code}", cancellationToken).ConfigureAwait(false);
            }
            catch (McpTimeoutException)
            {
                return await FallBackAsync("no answer to server/discover within PluginMcpOptions.ProbeTimeout", cancellationToken).ConfigureAwait(false);
            }
            catch (McpServerException) when (connection.IsClosed)
            {
                return null;
            }

            // A modern server: use a revision it lists, never initialize on a guess.
            if (McpProtocolVersions.Newest(serverVersions, McpProtocolVersions.PerRequest) is { } retry && !tried.Contains(retry))
            {
                version = retry;
                continue;
            }

            if (McpProtocolVersions.Newest(serverVersions, McpProtocolVersions.Handshake) is { } handshake)
            {
                McpLog.ProbeFallback(logger, pluginName, $"{answer} {string.Join(", ", serverVersions!)}");
                return await InitializeAsync(handshake, pinned: null, cancellationToken).ConfigureAwait(false);
            }

            var theirs = serverVersions is { Count: > 0 } ? string.Join(", ", serverVersions) : "no revision at all";
            throw ServerError($"The MCP server of plugin '{pluginName}' shares no protocol revision with this client: {answer} {theirs}, and BotHq.Plugins speaks {string.Join(", ", McpProtocolVersions.All)}. Update the server or BotHq.Plugins so that they share one.");
        }
    }

    /// <summary>Falls back to <c>initialize</c> with a legacy server (one that gave no modern answer to the probe).</summary>
    private async Task<McpHandshakeResult> FallBackAsync(string reason, CancellationToken cancellationToken)
    {
        McpLog.ProbeFallback(logger, pluginName, reason);
        return await InitializeAsync(McpProtocolVersions.LatestHandshake, pinned: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<McpHandshakeResult> DiscoverPinnedAsync(string pinned, CancellationToken cancellationToken)
    {
        DiscoverResult result;
        try
        {
            result = await DiscoverAsync(pinned, options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (McpException ex)
        {
            var supported = ex.Code == JsonRpcErrorCodes.UnsupportedProtocolVersion ? ReadSupported(ex.ErrorData) : null;
            throw ServerError($"The MCP server of plugin '{pluginName}' refused protocol revision '{pinned}' (pinned by PluginMcpOptions.ProtocolVersion): error {ex.Code}, {ex.ErrorMessage}{(supported is null ? string.Empty : $"; it supports {string.Join(", ", supported)}")}. Pin a revision the server speaks, or leave the option unset to negotiate.", innerException: ex);
        }
        catch (McpTimeoutException ex)
        {
            throw ServerError($"The MCP server of plugin '{pluginName}' did not answer server/discover within PluginMcpOptions.ProbeTimeout, so it does not speak protocol revision '{pinned}' (pinned by PluginMcpOptions.ProtocolVersion). Pin a handshake revision, or leave the option unset to negotiate.", innerException: ex);
        }

        if (result.SupportedVersions?.Contains(pinned, StringComparer.Ordinal) != true)
        {
            throw ServerError($"The MCP server of plugin '{pluginName}' does not speak protocol revision '{pinned}' (pinned by PluginMcpOptions.ProtocolVersion); its server/discover lists {string.Join(", ", result.SupportedVersions ?? [])}. Pin one of those, or leave the option unset to negotiate.");
        }

        connection.ProtocolVersion = pinned;
        return new McpHandshakeResult(pinned, result.Meta?.ServerInfo ?? result.ServerInfo, result.Capabilities);
    }

    private async Task<DiscoverResult> DiscoverAsync(string version, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var result = await connection.SendRequestAsync(
            McpMethods.Discover,
            new DiscoverRequestParams { Meta = CreateMeta(version) },
            McpJsonContext.Default.DiscoverRequestParams,
            McpJsonContext.Default.DiscoverResult,
            timeout,
            cancellationToken,
            McpRequestFlags.NeverCancel).ConfigureAwait(false);
        McpResults.EnsureComplete(pluginName, McpMethods.Discover, result.ResultType);
        return result;
    }

    /// <summary>Creates the error of a failed negotiation; the message may quote what the server sent (its revisions, its error), so it is masked.</summary>
    private McpServerException ServerError(string message, Exception? innerException = null) =>
        new(pluginName, connection.Masker.Apply(message), innerException: innerException);

    private static List<string>? ReadSupported(JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        try
        {
            return element.Deserialize(McpJsonContext.Default.UnsupportedProtocolVersionErrorData)?.Supported;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>Selects the protocol era and revision with a server, as the specification describes.</summary>
/// <remarks>
/// Without a pinned revision: probe with <c>server/discover</c> (2026-07-28). A server that answers with the unsupported-version
/// error gets a retry with a per-request revision it lists, or else the handshake with the newest handshake revision it lists.
/// Method-not-found, any other error, or no answer within <see cref="PluginMcpOptions.ProbeTimeout"/> fall back to <c>initialize</c>.
/// A server whose last agreed revision was a handshake one goes straight to <c>initialize</c>.
/// </remarks>
internal sealed class McpHandshake(McpConnection connection, string pluginName, PluginMcpOptions options, ILogger logger)
{
    private static readonly string ClientVersion =
        typeof(McpHandshake).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public Implementation ClientInfo { get; } = new() { Name = options.ClientName, Version = ClientVersion };

    /// <summary>Negotiates; returns <see langword="null"/> when the server exited on the probe (start it again and call <see cref="InitializeAsync"/>).</summary>
    /// <param name="rememberedVersion">The revision agreed with this plugin's server last time, if any.</param>
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
            return await InitializeAsync(McpProtocolVersions.LatestHandshake, pinned: null, cancellationToken).ConfigureAwait(false);
        }

        return await DiscoverOrFallBackAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the handshake: <c>initialize</c>, version check, <c>notifications/initialized</c>.</summary>
    public async Task<McpHandshakeResult> InitializeAsync(string requested, string? pinned, CancellationToken cancellationToken)
    {
        var request = new InitializeRequestParams { ProtocolVersion = requested, Capabilities = ClientCapabilities.None, ClientInfo = ClientInfo };
        var result = await connection.SendRequestAsync(
            McpMethods.Initialize, request, McpJsonContext.Default.InitializeRequestParams, McpJsonContext.Default.InitializeResult, timeout: null, cancellationToken).ConfigureAwait(false);

        var agreed = result.ProtocolVersion;
        if (pinned is not null && !string.Equals(agreed, pinned, StringComparison.Ordinal))
        {
            throw ServerError($"The MCP server of plugin '{pluginName}' answered initialize with protocol revision '{agreed}', but this client asked for '{pinned}' (pinned by PluginMcpOptions.ProtocolVersion). Pin a revision the server speaks, or leave the option unset to negotiate.");
        }

        if (!McpProtocolVersions.IsHandshake(agreed))
        {
            throw ServerError($"The MCP server of plugin '{pluginName}' answered initialize with protocol revision '{agreed ?? "(none)"}', which this client does not speak: it asked for '{requested}' and speaks {string.Join(", ", McpProtocolVersions.Handshake)} with the handshake. Update the server to one of those revisions.");
        }

        await connection.SendNotificationAsync(McpMethods.Initialized, (EmptyResult?)null, McpJsonContext.Default.EmptyResult, cancellationToken).ConfigureAwait(false);
        return new McpHandshakeResult(agreed!, result.ServerInfo, result.Capabilities?.Tools?.ListChanged == true);
    }

    /// <summary>Creates the <c>_meta</c> every request carries on a per-request revision.</summary>
    public RequestMeta CreateMeta(string protocolVersion) =>
        new() { ProtocolVersion = protocolVersion, ClientInfo = ClientInfo, ClientCapabilities = ClientCapabilities.None };

    private async Task<McpHandshakeResult?> DiscoverOrFallBackAsync(CancellationToken cancellationToken)
    {
        var version = McpProtocolVersions.V20260728;
        var tried = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<string>? serverVersions = null;
        string reason;
        while (true)
        {
            tried.Add(version);
            try
            {
                var result = await DiscoverAsync(version, cancellationToken).ConfigureAwait(false);
                if (result.SupportedVersions?.Contains(version, StringComparer.Ordinal) == true)
                {
                    return new McpHandshakeResult(version, result.Meta?.ServerInfo ?? result.ServerInfo, result.Capabilities?.Tools?.ListChanged == true);
                }

                serverVersions = result.SupportedVersions;
                reason = $"server/discover lists only {string.Join(", ", serverVersions ?? [])}";
                break;
            }
            catch (McpException ex) when (ex.Code == JsonRpcErrorCodes.UnsupportedProtocolVersion)
            {
                serverVersions = ReadSupported(ex.ErrorData);
                if (McpProtocolVersions.Newest(serverVersions, McpProtocolVersions.PerRequest) is { } retry && !tried.Contains(retry))
                {
                    version = retry;
                    continue;
                }

                reason = $"it supports {string.Join(", ", serverVersions ?? [])}";
                break;
            }
            catch (McpException ex) when (ex.Code == JsonRpcErrorCodes.MissingRequiredClientCapability)
            {
                throw ServerError($"The MCP server of plugin '{pluginName}' requires client capabilities this client does not offer (it answered server/discover with error {ex.Code}: {ex.ErrorMessage}). BotHq.Plugins supports tools only, without sampling, roots or elicitation.", innerException: ex);
            }
            catch (McpException ex)
            {
                reason = $"it answered server/discover with error {ex.Code}";
                break;
            }
            catch (McpTimeoutException)
            {
                reason = "no answer to server/discover within PluginMcpOptions.ProbeTimeout";
                break;
            }
            catch (McpServerException) when (connection.IsClosed)
            {
                return null;
            }
        }

        McpLog.ProbeFallback(logger, pluginName, reason);
        var requested = McpProtocolVersions.Newest(serverVersions, McpProtocolVersions.Handshake) ?? McpProtocolVersions.LatestHandshake;
        return await InitializeAsync(requested, pinned: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<McpHandshakeResult> DiscoverPinnedAsync(string pinned, CancellationToken cancellationToken)
    {
        DiscoverResult result;
        try
        {
            result = await DiscoverAsync(pinned, cancellationToken).ConfigureAwait(false);
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

        return new McpHandshakeResult(pinned, result.Meta?.ServerInfo ?? result.ServerInfo, result.Capabilities?.Tools?.ListChanged == true);
    }

    private async Task<DiscoverResult> DiscoverAsync(string version, CancellationToken cancellationToken)
    {
        var result = await connection.SendRequestAsync(
            McpMethods.Discover,
            new DiscoverRequestParams { Meta = CreateMeta(version) },
            McpJsonContext.Default.DiscoverRequestParams,
            McpJsonContext.Default.DiscoverResult,
            options.ProbeTimeout,
            cancellationToken).ConfigureAwait(false);
        McpResultKinds.EnsureComplete(pluginName, McpMethods.Discover, result.ResultType);
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

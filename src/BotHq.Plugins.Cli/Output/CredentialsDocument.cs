namespace BotHq.Plugins.Cli.Output;

/// <summary>What <c>credentials NAME</c> prints: which credentials are set, never a value.</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Credentials">One status per declared credential, in manifest order.</param>
internal sealed record CredentialsDocument(string Plugin, IReadOnlyList<PluginCredentialStatus> Credentials);

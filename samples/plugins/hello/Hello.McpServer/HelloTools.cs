using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Hello.McpServer;

/// <summary>The tools of the hello plugin's MCP server; plugin.json lists each under <c>mcp.tools</c>.</summary>
[McpServerToolType]
internal sealed class HelloTools
{
    /// <summary>The credential the runtime passes to this process as an environment variable (plugin.json: credentials).</summary>
    internal const string TokenVariable = "HELLO_TOKEN";

    /// <summary>Returns the text it was given.</summary>
    /// <param name="text">The text to echo.</param>
    /// <returns>The same text; for an empty text, a result with isError set (how MCP reports a failed tool call).</returns>
    [McpServerTool(Name = "echo", ReadOnly = true, Idempotent = true), Description("Returns the text it was given.")]
    public static CallToolResult Echo([Description("The text to echo; must not be empty.")] string text) => new()
    {
        IsError = string.IsNullOrEmpty(text),
        Content = [new TextContentBlock { Text = string.IsNullOrEmpty(text) ? "echo needs a non-empty 'text'." : text }],
    };

    /// <summary>Adds two numbers.</summary>
    /// <param name="a">The first number.</param>
    /// <param name="b">The second number.</param>
    /// <returns>The sum, as text.</returns>
    [McpServerTool(Name = "add", ReadOnly = true, Idempotent = true), Description("Adds two numbers and returns the sum.")]
    public static string Add([Description("The first number.")] double a, [Description("The second number.")] double b) =>
        (a + b).ToString(CultureInfo.InvariantCulture);

    /// <summary>Says whether the plugin's credential reached this process, never its value.</summary>
    /// <returns>A sentence saying whether HELLO_TOKEN is set.</returns>
    [McpServerTool(Name = "credential_status", ReadOnly = true, Idempotent = true),
     Description("Says whether the HELLO_TOKEN credential reached the server; never returns its value.")]
    public static string CredentialStatus() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TokenVariable))
            ? $"{TokenVariable} is not set."
            : $"{TokenVariable} is set.";
}

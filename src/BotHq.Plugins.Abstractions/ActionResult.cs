using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>The outcome of a plugin action, shown to the host's user.</summary>
/// <remarks>Create it with <see cref="Ok"/> or <see cref="Failed"/>. Build <see cref="Data"/> with source-generated type information
/// or serializer options of the plugin's own (<c>JsonSerializer.SerializeToElement(value, MyContext.Default.MyType)</c>), not with
/// shared options, so that the plugin's types never enter a host-wide cache and the plugin can be unloaded.</remarks>
public sealed record ActionResult
{
    /// <summary>Gets a value indicating whether the action did what it was asked to.</summary>
    public bool Success { get; init; }

    /// <summary>Gets a message for the user, if any.</summary>
    public string? Message { get; init; }

    /// <summary>Gets what went wrong and what the user can do about it, when <see cref="Success"/> is <see langword="false"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Gets data for the host (a link, an id, ...), if any.</summary>
    public JsonElement? Data { get; init; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="message">A message for the user, if any.</param>
    /// <param name="data">Data for the host, if any.</param>
    /// <returns>The result.</returns>
    public static ActionResult Ok(string? message = null, JsonElement? data = null) =>
        new() { Success = true, Message = message, Data = data };

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">What went wrong and what the user can do about it.</param>
    /// <param name="message">A further message for the user, if any.</param>
    /// <returns>The result.</returns>
    public static ActionResult Failed(string error, string? message = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new() { Success = false, Error = error, Message = message };
    }
}

using BotHq.Plugins.AI.DependencyInjection;
using BotHq.Plugins.AI.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins.AI;

/// <summary>The plugin tool catalog: see <see cref="IPluginToolCatalog"/>.</summary>
/// <remarks>
/// Thread-safe. It keeps what it listed until the runtime's change token fires; then the next call lists again, and keeps each
/// plugin's functions whose server still hands back the same tool list. One per runtime: <c>AddAITools()</c> registers it.
/// </remarks>
public sealed partial class PluginToolCatalog : IPluginToolCatalog
{
    private readonly IPluginRuntime _runtime;
    private readonly PluginAIToolOptions _options;
    private readonly ILogger _logger;
    private readonly ToolNameRegistry _names = new();
    private volatile CatalogState? _state;

    /// <summary>Creates a catalog over a runtime.</summary>
    /// <param name="runtime">The plugin runtime.</param>
    /// <param name="options">The options; none when <see langword="null"/>. Validated here, every bad value named in one exception.</param>
    /// <param name="loggerFactory">Creates the catalog's logger; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">An option is invalid.</exception>
    public PluginToolCatalog(IPluginRuntime runtime, PluginAIToolOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        options ??= new PluginAIToolOptions();
        var validation = new PluginAIToolOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PluginAIToolOptions), validation.Failures);
        }

        _runtime = runtime;
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PluginToolCatalog>();
    }

    /// <inheritdoc />
    public IChangeToken GetChangeToken() => _runtime.GetChangeToken();

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AIFunction>> GetToolsAsync(PluginToolFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var state = _state;
        return state is not null && !state.Token.HasChanged && state.Covers(filter)
            ? ValueTask.FromResult(state.Select(filter))
            : new ValueTask<IReadOnlyList<AIFunction>>(RefreshAsync(state, filter, cancellationToken));
    }
}

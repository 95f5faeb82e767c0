namespace BotHq.Plugins;

/// <summary>What the hosted service of <c>AddBotHqPlugins</c> does when the runtime cannot start; see <see cref="PluginRuntimeOptions.StartupFailure"/>.</summary>
public enum PluginStartupFailureMode
{
    /// <summary>The host starts anyway: the runtime reports why it is not running (every call throws <see cref="PluginRuntimeNotInitializedException"/>
    /// with the cause; a web host's health check is unhealthy and its plugin API answers 503), and a cause that can pass
    /// (<see cref="PluginDatabaseException.IsTransient"/>) is retried with backoff. For web hosts and long-running services.</summary>
    KeepHostRunning,

    /// <summary>The host fails to start with the runtime's exception. For command-line tools and workers that have nothing to do without plugins.</summary>
    FailHost,
}

namespace BotHq.Plugins.AspNetCore;

/// <summary>Options of the dashboard that <c>MapBotHqPluginsDashboard</c> maps.</summary>
public sealed class PluginDashboardOptions
{
    /// <summary>The default of <see cref="ApiPrefix"/>: <c>/api/plugins</c>.</summary>
    public const string DefaultApiPrefix = "/api/plugins";

    /// <summary>Gets or sets the path at which the host maps the REST API with <c>MapBotHqPlugins</c>, which the dashboard's page
    /// calls for everything it shows and changes. Default: <c>/api/plugins</c>.</summary>
    /// <remarks>A path on the same site, starting with <c>/</c> (the request's path base is put before it). When nothing is mapped
    /// there, the page says so and shows nothing else.</remarks>
    public string ApiPrefix { get; set; } = DefaultApiPrefix;
}

namespace BotHq.Plugins.AspNetCore.Dashboard;

/// <summary>One file of the dashboard, in each encoding it is sent in, with the entity tag of its content.</summary>
/// <param name="ContentType">Its media type, with the charset for text.</param>
/// <param name="Identity">Its bytes as written.</param>
/// <param name="Brotli">Its bytes compressed with Brotli.</param>
/// <param name="Gzip">Its bytes compressed with gzip.</param>
/// <param name="Tag">A hash of <paramref name="Identity"/>, from which each encoding's entity tag is made.</param>
internal sealed record DashboardAsset(string ContentType, byte[] Identity, byte[] Brotli, byte[] Gzip, string Tag);

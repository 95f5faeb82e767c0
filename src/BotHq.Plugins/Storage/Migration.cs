using System.Globalization;
using System.Reflection;

namespace BotHq.Plugins.Storage;

/// <summary>One numbered SQL migration embedded in a backend's assembly.</summary>
/// <param name="Version">Its number, from the file name (<c>0001_initial.sql</c> is 1).</param>
/// <param name="Name">The file name without extension.</param>
/// <param name="Sql">The statements it runs, in one transaction.</param>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>Loads the migrations embedded under a resource prefix, ordered by version.</summary>
    /// <param name="assembly">The backend's assembly.</param>
    /// <param name="resourcePrefix">The logical name every one of its migrations starts with, ending in a period.</param>
    public static Migration[] Load(Assembly assembly, string resourcePrefix)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[resourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return [.. migrations];
    }
}

namespace BotHq.Plugins.Storage;

/// <summary>One numbered SQL migration embedded in the assembly.</summary>
/// <param name="Version">Its number, from the file name (<c>0001_initial.sql</c> is 1).</param>
/// <param name="Name">The file name without extension.</param>
/// <param name="Sql">The statements it runs, in one transaction.</param>
internal sealed record Migration(int Version, string Name, string Sql);

using System.CommandLine;
using BotHq.Plugins.Cli.CommandLine;
using BotHq.Plugins.Cli.Output;
using BotHq.Plugins.Installation;

namespace BotHq.Plugins.Cli.Commands;

/// <summary><c>pack</c>, <c>install</c> and <c>uninstall</c>: plugin archives with checksums.</summary>
internal static class ArchiveCommands
{
    /// <summary>Creates <c>pack FOLDER [-o FILE]</c>.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Pack(CliApplication app)
    {
        var folder = new Argument<string>("FOLDER") { Description = "The plugin's folder, the one holding plugin.json" };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The archive to write; a path ending in / or an existing folder is a folder to write NAME-VERSION.zip into (created if missing) [default: NAME-VERSION.zip in the current folder]",
            HelpName = "FILE|DIR/",
        };
        var command = new Command(
            "pack",
            "Pack a plugin folder into a zip archive, exactly as the runtime loads it (leaving out .git and links); prints the archive's path and SHA-256. "
            + "The same folder packs to the same SHA-256")
        {
            folder,
            output,
        };
        return app.DefineWithoutRuntime(command, async context =>
        {
            var source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(context.Parse.GetRequiredValue(folder)));
            if (!Directory.Exists(source))
            {
                throw new DirectoryNotFoundException($"'{source}' is not a folder; give the plugin's folder, the one holding plugin.json.");
            }

            // A trailing separator or an existing folder names a folder (dist/ need not exist yet); anything else names the file.
            var given = context.Parse.GetValue(output) is { Length: > 0 } o ? o : null;
            var givenFile = given is null || Path.EndsInDirectorySeparator(given) || Directory.Exists(given) ? null : Path.GetFullPath(given);
            var outputFolder = given is null ? Directory.GetCurrentDirectory()
                : givenFile is null ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(given))
                : Path.GetDirectoryName(givenFile)!;
            if ((Path.TrimEndingDirectorySeparator(outputFolder) + Path.DirectorySeparatorChar).StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new UsageException($"the archive would be written inside the folder it packs ('{outputFolder}'); write it elsewhere with -o.");
            }

            Directory.CreateDirectory(outputFolder);
            var temporary = Path.Combine(outputFolder, $".bothq-pack-{Guid.NewGuid():N}.zip");
            try
            {
                PluginArchiveInfo info;
                await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                {
                    info = await PluginArchive.PackAsync(source, stream, context.CancellationToken);
                }

                var path = givenFile ?? Path.Combine(outputFolder, $"{info.Name}-{info.Version}.zip");
                File.Move(temporary, path, overwrite: true);
                var document = PackDocument.From(path, info);
                if (context.Output.Json)
                {
                    await context.Output.Out.WriteLineAsync(CliOutput.Serialize(document, ArchiveJsonContext.Default.PackDocument));
                }
                else
                {
                    await context.Output.Out.WriteLineAsync(path);
                    await context.Output.Out.WriteLineAsync($"sha256 {info.Sha256}");
                }

                foreach (var link in info.SkippedLinks)
                {
                    await context.Output.Error.WriteLineAsync($"warning: '{link}' is a symbolic link and was left out; an archive holds only files and folders.");
                }

                return ExitCodes.Success;
            }
            finally
            {
                File.Delete(temporary);
            }
        });
    }

    /// <summary>Creates <c>install ARCHIVE [--sha256 HEX] [--force]</c>.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Install(CliApplication app)
    {
        var archive = new Argument<string>("ARCHIVE") { Description = "The plugin archive, as 'pack' writes it" };
        var sha256 = new Option<string>("--sha256")
        {
            Description = "The archive's expected SHA-256 (64 hex digits); the install is refused when it differs",
            HelpName = "HEX",
        };
        var force = new Option<bool>("--force") { Description = "Replace an installed plugin even with the same or an older version" };
        var command = new Command(
            "install",
            "Install or upgrade a plugin from an archive into the plugins folder: the checksum is checked, unsafe or oversized archives are refused, "
            + "the plugin is validated, then moved in at once; an upgrade keeps the old folder until the new version loads")
        {
            archive,
            sha256,
            force,
        };
        return app.Define(command, async context =>
        {
            var file = Path.GetFullPath(context.Parse.GetRequiredValue(archive));
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"'{file}' does not exist; give a plugin archive, such as 'pack' writes.", file);
            }

            PluginInstallResult result;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                result = await context.Runtime.InstallAsync(stream, context.Parse.GetValue(sha256), context.Parse.GetValue(force), context.CancellationToken);
            }

            if (context.Output.Json)
            {
                await context.Output.Out.WriteLineAsync(CliOutput.Serialize(result, ArchiveJsonContext.Default.PluginInstallResult));
            }
            else
            {
                var previous = result.PreviousVersion is null ? "" : $" (was {result.PreviousVersion})";
                await context.Output.Out.WriteLineAsync($"installed {result.Name} {result.Version}{previous} into {result.Directory}");
                await context.Output.Out.WriteLineAsync($"sha256 {result.Sha256}");
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>Creates <c>uninstall NAME [--keep-data]</c>.</summary>
    /// <param name="app">The application the command belongs to.</param>
    /// <returns>The command.</returns>
    public static Command Uninstall(CliApplication app)
    {
        var name = CommonArguments.PluginName();
        var keepData = new Option<bool>("--keep-data") { Description = "Keep the plugin's settings, credentials and stores in the database (it is listed as missing)" };
        var command = new Command("uninstall", "Stop a plugin, delete its folder from the plugins folder and, unless --keep-data, its settings, credentials and stores")
        {
            name,
            keepData,
        };
        return app.Define(command, async context =>
        {
            var plugin = context.Parse.GetRequiredValue(name);
            var directory = context.Runtime.GetDetails(plugin).Directory;
            var keep = context.Parse.GetValue(keepData);
            await context.Runtime.RemoveAsync(plugin, keep, context.CancellationToken);
            var document = new UninstallDocument { Name = plugin, Directory = directory, KeptData = keep };
            if (context.Output.Json)
            {
                await context.Output.Out.WriteLineAsync(CliOutput.Serialize(document, ArchiveJsonContext.Default.UninstallDocument));
            }
            else
            {
                await context.Output.Out.WriteLineAsync(
                    $"uninstalled {plugin}{(directory is null ? "" : $": deleted {directory}")}{(keep ? "; its data is kept" : "; its data is deleted")}");
            }

            return ExitCodes.Success;
        });
    }
}

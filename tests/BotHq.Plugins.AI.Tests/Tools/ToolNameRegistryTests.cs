using System.Globalization;
using System.Text.RegularExpressions;
using BotHq.Plugins.AI.Tools;

namespace BotHq.Plugins.AI.Tests.Tools;

public sealed partial class ToolNameRegistryTests
{
    [Test]
    public void Assign_PlainNames_AreThePluginAndToolAsTheyAre()
    {
        var names = new ToolNameRegistry().Assign("github", ["search_issues", "create-issue", "X9"]);

        Assert.That(names, Is.EqualTo(new[] { "github_search_issues", "github_create-issue", "github_X9" }));
    }

    [Test]
    public void Assign_DottedUnicodeAndSpacedNames_AreCleanedToWhatModelsAccept()
    {
        var names = new ToolNameRegistry().Assign("files", ["fs.read", "lire fichier", "ツール", "emoji😀tool"]);

        Assert.That(names, Is.EqualTo(new[] { "files_fs_read", "files_lire_fichier", "files____", "files_emoji_tool" }), "a surrogate pair becomes one '_'");
    }

    [Test]
    public void Assign_LongName_IsCutAndEndsWithAHashOfTheFullName()
    {
        var longTool = new string('t', 80);
        var registry = new ToolNameRegistry();

        var names = registry.Assign("plugin", [longTool, longTool + "x"]);

        Assert.That(names.Select(n => n.Length), Is.All.EqualTo(64));
        Assert.That(names[0], Does.StartWith("plugin_ttt").And.Match("_[0-9a-f]{8}$"));
        Assert.That(names[0], Is.Not.EqualTo(names[1]), "tools that differ only past the cut get different names");
    }

    [Test]
    public void Assign_CleanedNameAnotherToolAlreadyHas_GetsAHash_AndTheExactNameWins()
    {
        var names = new ToolNameRegistry().Assign("p", ["a.b", "a_b", "a b"]);

        Assert.That(names[1], Is.EqualTo("p_a_b"), "the tool whose name needed no cleaning keeps it");
        Assert.That(names[0], Does.Match("^p_a_b_[0-9a-f]{8}$"));
        Assert.That(names[2], Does.Match("^p_a_b_[0-9a-f]{8}$"));
        Assert.That(names[0], Is.Not.EqualTo(names[2]));
    }

    [Test]
    public void Assign_AgainLater_KeepsEveryNameEvenWhenANewToolWouldClaimIt()
    {
        var registry = new ToolNameRegistry();
        var first = registry.Assign("p", ["fs.read"]);

        var later = registry.Assign("p", ["fs_read", "fs.read"]);

        Assert.That(first, Is.EqualTo(new[] { "p_fs_read" }));
        Assert.That(later[1], Is.EqualTo("p_fs_read"), "a name given once stays with its tool");
        Assert.That(later[0], Does.Match("^p_fs_read_[0-9a-f]{8}$"));
    }

    [Test]
    public void Assign_HundredPluginsOfHardNames_AllUniqueValidAndStable()
    {
        var plugins = Enumerable.Range(0, 100).Select(i => i % 10 == 0 ? new string('p', 60) + i.ToString("D2", CultureInfo.InvariantCulture) : $"plugin-{i}").ToList();
        string[] Tools(int i) =>
        [
            "search", "search.v2", "search_v2", "search v2", "поиск", "検索", "🔍find", new string('x', 100), new string('x', 100) + "y",
            "a-b", "a_b", "a.b", string.Concat(Enumerable.Repeat("dotted.", 12)), $"unique_{i}",
        ];
        var registry = new ToolNameRegistry();
        var fresh = new ToolNameRegistry();

        var first = plugins.Select((p, i) => registry.Assign(p, Tools(i))).ToList();
        var again = plugins.Select((p, i) => registry.Assign(p, Tools(i))).ToList();
        var reversed = Enumerable.Range(0, plugins.Count).Reverse().Select(i => (i, fresh.Assign(plugins[i], Tools(i)))).OrderBy(x => x.i).Select(x => x.Item2).ToList();
        var all = first.SelectMany(n => n).ToList();

        Assert.That(all, Has.Count.EqualTo(100 * 14));
        Assert.That(all, Is.Unique);
        Assert.That(all, Is.All.Match(ValidName()));
        Assert.That(again, Is.EqualTo(first), "stable across calls");
        Assert.That(reversed, Is.EqualTo(first), "the same in another process, whatever order the plugins were listed in");
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ValidName();
}

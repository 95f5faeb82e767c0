using System.IO.Compression;
using BotHq.Plugins.Installation;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Installation;

/// <summary>Each archive attack is refused with a message that names it, and nothing reaches the plugins folder or stays beside it.</summary>
[TestFixture]
public sealed class ArchiveAttackTests
{
    private const int MaxEntryBytes = 4 * 1024 * 1024;
    private const int MaxTotalBytes = 6 * 1024 * 1024;

    private RuntimeHarness _harness = null!;
    private PluginRuntime _runtime = null!;
    private string[] _before = [];

    [SetUp]
    public async Task SetUpAsync()
    {
        // Limits a few times the compression ratio's 1 MiB floor, and every attack built to their scale: each test writes and
        // reads a few MiB.
        _harness = new RuntimeHarness(o =>
        {
            o.Archives.MaxEntries = 50;
            o.Archives.MaxEntryBytes = MaxEntryBytes;
            o.Archives.MaxTotalBytes = MaxTotalBytes;
        });
        _harness.WriteSimplePlugin("existing");
        _runtime = await _harness.StartAsync();
        _before = TestArchive.Listing(_harness.Root);
    }

    [TearDown]
    public async Task TearDownAsync() => await _harness.DisposeAsync();

    [TestCase("../evil.txt")]
    [TestCase("alpha/../../evil.txt")]
    [TestCase("..\\evil.txt")]
    public void InstallAsync_PathTraversal_Refused(string name) =>
        AssertRefused(TestArchive.Plugin().Add(name, "x"), "climbs out");

    [TestCase("/tmp/evil.txt")]
    [TestCase("C:/evil.txt")]
    [TestCase("\\evil.txt")]
    public void InstallAsync_AbsolutePath_Refused(string name) =>
        AssertRefused(TestArchive.Plugin().Add(name, "x"), "absolute path");

    [Test]
    public void InstallAsync_SymbolicLinkEntry_Refused() =>
        AssertRefused(TestArchive.Plugin().Add("link", "/etc/passwd", unixMode: 0xA1FF), "symbolic link");

    [TestCase("README.md")]
    [TestCase("readme.MD")]
    public void InstallAsync_DuplicateEntry_Refused(string duplicate) =>
        AssertRefused(TestArchive.Plugin().Add(duplicate, "again"), "twice");

    [Test]
    public void InstallAsync_OversizedEntry_Refused() =>
        AssertRefused(TestArchive.Plugin().Add("big.bin", RandomBytes(MaxEntryBytes + (512 * 1024)), level: CompressionLevel.NoCompression), "PluginArchiveOptions.MaxEntryBytes");

    [Test]
    public void InstallAsync_ZipBombByRatio_Refused() =>
        AssertRefused(TestArchive.Plugin().Add("zeros.bin", new byte[2 * 1024 * 1024]), "PluginArchiveOptions.MaxCompressionRatio");

    [Test]
    public void InstallAsync_ZipBombByTotal_Refused()
    {
        var archive = TestArchive.Plugin();
        for (var i = 0; i < 4; i++)
        {
            // Two bits of entropy a byte: about 3:1, under every ratio limit; each part under the entry limit, the archive itself
            // under the total, and the four parts over it.
            archive.Add($"part{i}.bin", [.. RandomBytes(MaxTotalBytes / 4 + (256 * 1024)).Select(b => (byte)(b & 0x03))], level: CompressionLevel.Fastest);
        }

        AssertRefused(archive, "unpack to more than 6291456 bytes in all (PluginArchiveOptions.MaxTotalBytes)");
    }

    [Test]
    public void InstallAsync_OverlappingEntries_RefusedByTheWholeArchiveRatio()
    {
        // A non-recursive zip bomb (Fifield, 2019): many directory entries share one compressed blob. Each entry alone is under the
        // per-entry ratio (about 40:1, checked, as each entry is over its 1 MiB floor), so only the unpacked total measured against
        // the bytes actually received catches it; summing the entries' declared compressed sizes would count the shared blob once
        // per entry and let it through. The archive's ratio passes 100 after 3 or 4 entries, before the total limit.
        var random = new Random(7);
        var content = new byte[1280 * 1024];
        for (var i = 0; i < content.Length; i++)
        {
            content[i] = random.Next(150) == 0 ? (byte)random.Next(256) : (byte)0;
        }

        var bytes = TestArchive.Plugin().Add("data/00.bin", content).ToBytes();
        var overlapping = ShareLastEntry(bytes, copies: 30);
        using (var zip = new ZipArchive(new MemoryStream(overlapping)))
        {
            var entries = zip.Entries.Where(e => e.FullName.StartsWith("data/", StringComparison.Ordinal)).ToList();
            Assert.That(entries, Has.Count.EqualTo(31), "the crafted archive has its shared entries");
            Assert.That(entries[0].Length / (double)entries[0].CompressedLength, Is.InRange(2.0, 50.0), "each entry is under the per-entry ratio");
        }

        AssertRefused(new MemoryStream(overlapping), "the archive unpacks to");
    }

    [Test]
    public void InstallAsync_ArchiveOverTotal_RefusedWhileCopying() =>
        AssertRefused(TestArchive.Plugin().Add("a.bin", RandomBytes(MaxTotalBytes / 2 + 1024), level: CompressionLevel.NoCompression).Add("b.bin", RandomBytes(MaxTotalBytes / 2 + 1024), level: CompressionLevel.NoCompression), "larger than 6291456 bytes");

    [Test]
    public void InstallAsync_TooManyEntries_Refused()
    {
        var archive = TestArchive.Plugin();
        for (var i = 0; i < 60; i++)
        {
            archive.Add($"f{i}.txt", "x");
        }

        AssertRefused(archive, "PluginArchiveOptions.MaxEntries");
    }

    [Test]
    public void InstallAsync_WrongChecksum_RefusedNamingBoth()
    {
        var bytes = TestArchive.Plugin().ToBytes();
        var wrong = new string('a', 64);

        var ex = Assert.ThrowsAsync<PluginArchiveException>(() => _runtime.InstallAsync(new MemoryStream(bytes), wrong));

        Assert.That(ex!.Message, Does.Contain(wrong).And.Contain(TestArchive.Sha256(bytes)));
        AssertNothingWritten();
    }

    [Test]
    public void InstallAsync_ChecksumNotHex_Refused()
    {
        var ex = Assert.ThrowsAsync<PluginArchiveException>(() => _runtime.InstallAsync(TestArchive.Plugin().ToStream(), "not-a-checksum"));

        Assert.That(ex!.Message, Does.Contain("64 hex digits"));
        AssertNothingWritten();
    }

    [Test]
    public void InstallAsync_InvalidManifestInside_RefusedWithProblems()
    {
        var archive = new TestArchive().Add("plugin.json", """{ "name": "Bad Name", "version": "1.0.0", "mcp": { "entry": "server/index.js" } }""");

        var ex = AssertRefused(archive, "invalid");

        Assert.That(ex.Problems.Select(p => p.Path), Does.Contain("$.name"));
        Assert.That(ex.Problems.All(p => p.File == "plugin.json"), Is.True, string.Join(", ", ex.Problems.Select(p => p.File)));
    }

    [Test]
    public void InstallAsync_NoPluginJson_Refused() =>
        AssertRefused(new TestArchive().Add("a/plugin.json", TestArchive.Manifest("alpha", "1.0.0")).Add("b/README.md", "x"), "no plugin.json");

    [Test]
    public void InstallAsync_NotAZip_Refused() =>
        AssertRefused(new MemoryStream("just some text, not an archive"u8.ToArray()), "not a zip archive");

    [Test]
    public void InstallAsync_FileAndFolderOfSameName_Refused() =>
        AssertRefused(TestArchive.Plugin().Add("data", "file").Add("data/x.txt", "x"), "both as a file and as a folder");

    private PluginArchiveException AssertRefused(TestArchive archive, string reason) => AssertRefused(archive.ToStream(), reason);

    private PluginArchiveException AssertRefused(Stream archive, string reason)
    {
        var ex = Assert.ThrowsAsync<PluginArchiveException>(() => _runtime.InstallAsync(archive));
        Assert.That(ex!.Message, Does.Contain(reason));
        AssertNothingWritten();
        return ex;
    }

    private void AssertNothingWritten()
    {
        Assert.That(TestArchive.Listing(_harness.Root), Is.EqualTo(_before), "nothing is written to the plugins folder, and no temporary folder is left beside it");
        Assert.That(_runtime.Plugins.Select(p => p.Name), Is.EqualTo(new[] { "existing" }));
    }

    /// <summary>Appends <paramref name="copies"/> central directory records that point at the last entry's local header and data,
    /// named <c>data/01.bin</c>, <c>data/02.bin</c>, and so on (same name length as <c>data/00.bin</c>).</summary>
    private static byte[] ShareLastEntry(byte[] zip, int copies)
    {
        var end = zip.Length - 22;
        Assert.That(BitConverter.ToUInt32(zip, end), Is.EqualTo(0x06054b50u), "an archive without a comment ends with its end record");
        var count = BitConverter.ToUInt16(zip, end + 10);
        var directorySize = (int)BitConverter.ToUInt32(zip, end + 12);
        var directoryOffset = (int)BitConverter.ToUInt32(zip, end + 16);
        var last = directoryOffset;
        for (var i = 0; i < count - 1; i++)
        {
            last += 46 + BitConverter.ToUInt16(zip, last + 28) + BitConverter.ToUInt16(zip, last + 30) + BitConverter.ToUInt16(zip, last + 32);
        }

        var record = zip[last..(directoryOffset + directorySize)];
        using var output = new MemoryStream();
        output.Write(zip, 0, directoryOffset + directorySize);
        for (var i = 1; i <= copies; i++)
        {
            var copy = (byte[])record.Clone();
            System.Text.Encoding.ASCII.GetBytes($"data/{i:00}.bin").CopyTo(copy, 46);
            output.Write(copy);
        }

        var endRecord = zip[end..];
        BitConverter.GetBytes((ushort)(count + copies)).CopyTo(endRecord, 8);
        BitConverter.GetBytes((ushort)(count + copies)).CopyTo(endRecord, 10);
        BitConverter.GetBytes((uint)(directorySize + (copies * record.Length))).CopyTo(endRecord, 12);
        output.Write(endRecord);
        return output.ToArray();
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }
}

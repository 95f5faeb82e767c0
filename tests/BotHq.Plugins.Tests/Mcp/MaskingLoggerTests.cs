using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BotHq.Plugins.Tests.Mcp;

public sealed class MaskingLoggerTests
{
    private const string Secret = "sk-live-51HcQ2eZvKYlo2C0aIiXyZ9wqT";

    [Test]
    public void Log_ServerTextInParameters_MasksTheMessageAndEveryStructuredValue()
    {
        var inner = new FakeLogger();
        var logger = MaskingLogger.Create(inner, new CredentialMasker([Secret]));

        McpLog.ServerLog(logger, LogLevel.Warning, $"logger {Secret}", $"data {Secret[..20]}");

        var record = inner.LatestRecord;
        Assert.Multiple(() =>
        {
            Assert.That(record.Message, Is.EqualTo("[server log logger ***] data ***"));
            Assert.That(record.Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(record.Id.Id, Is.EqualTo(4005));
            Assert.That(record.GetStructuredStateValue("ServerLogger"), Is.EqualTo("logger ***"));
            Assert.That(record.GetStructuredStateValue("Data"), Is.EqualTo("data ***"));
            Assert.That(record.GetStructuredStateValue("{OriginalFormat}"), Is.EqualTo("[server log {ServerLogger}] {Data}"));
        });
    }

    [Test]
    public void Log_ExceptionHoldingAValue_LogsItsTextMasked()
    {
        var inner = new FakeLogger();
        var logger = MaskingLogger.Create(inner, new CredentialMasker([Secret]));
        var exception = new InvalidOperationException($"broke on {Secret}", new IOException($"inner {Secret}"));

        McpLog.ReaderFailed(logger, "leaky", exception);

        var logged = inner.LatestRecord.Exception!;
        Assert.Multiple(() =>
        {
            Assert.That(logged.Message, Is.EqualTo("broke on ***"));
            Assert.That(logged.ToString(), Does.StartWith("System.InvalidOperationException: broke on ***"));
            Assert.That(logged.ToString(), Does.Contain("inner ***"));
            Assert.That(logged.ToString(), Does.Not.Contain(Secret[..8]));
            Assert.That(((MaskedException)logged).TypeName, Is.EqualTo(typeof(InvalidOperationException).FullName));
        });
    }

    [Test]
    public void Log_ExceptionWithoutAValue_PassesTheSameException()
    {
        var inner = new FakeLogger();
        var exception = new IOException("the pipe broke");

        McpLog.ReaderFailed(MaskingLogger.Create(inner, new CredentialMasker([Secret])), "plain", exception);

        Assert.That(inner.LatestRecord.Exception, Is.SameAs(exception));
    }

    [Test]
    public void Create_NoValues_ReturnsTheLoggerItself()
    {
        var inner = new FakeLogger();

        Assert.That(MaskingLogger.Create(inner, new CredentialMasker(["", null!])), Is.SameAs(inner));
    }
}

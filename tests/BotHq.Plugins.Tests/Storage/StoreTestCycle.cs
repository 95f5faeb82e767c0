namespace BotHq.Plugins.Tests.Storage;

/// <summary>An object that refers to itself, which System.Text.Json refuses to serialize.</summary>
internal sealed class StoreTestCycle
{
    public StoreTestCycle? Self { get; set; }
}

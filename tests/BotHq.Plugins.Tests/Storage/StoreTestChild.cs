namespace BotHq.Plugins.Tests.Storage;

internal sealed record StoreTestChild(string Label, bool Enabled);

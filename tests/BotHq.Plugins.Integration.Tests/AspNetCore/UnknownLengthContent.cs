namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>A body whose length HttpClient cannot know, so it is sent chunked, without a Content-Length.</summary>
internal sealed class UnknownLengthContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

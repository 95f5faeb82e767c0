using System.Buffers;
using System.Text.Json;

namespace BotHq.Plugins.Benchmarks.Responder;

/// <summary>Builds the answer to one request line from canned bytes and the parts of the request it echoes.</summary>
internal static class Answers
{
    private static ReadOnlySpan<byte> ServerInfo => """{"name":"bothq-bench-responder","version":"1.0.0"}"""u8;

    /// <summary>Writes the answer line (with its newline) for a request; returns <see langword="false"/> for a notification.</summary>
    public static bool Write(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
    {
        var request = Scan(line);
        if (request.Id.Length == 0)
        {
            return false;
        }

        Append(output, """{"jsonrpc":"2.0","id":"""u8);
        Append(output, request.Id);
        if (!IsKnown(request.Method))
        {
            Append(output, ""","error":{"code":-32601,"message":"Method not found"}}"""u8);
            Append(output, "\n"u8);
            return true;
        }

        Append(output, ""","result":"""u8);
        if (request.Method.SequenceEqual("tools/call"u8))
        {
            Append(output, """{"content":[{"type":"text","text":"""u8);
            Append(output, request.Text.Length > 0 ? request.Text : "\"\""u8);
            Append(output, request.PerRequest ? """}],"resultType":"complete"}}"""u8 : "}]}}"u8);
        }
        else if (request.Method.SequenceEqual("tools/list"u8))
        {
            Append(output, """{"tools":[{"name":"echo","description":"Returns its text argument.","inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}}]"""u8);
            Append(output, request.PerRequest ? ""","resultType":"complete"}}"""u8 : "}}"u8);
        }
        else if (request.Method.SequenceEqual("initialize"u8))
        {
            Append(output, """{"protocolVersion":"""u8);
            Append(output, request.ProtocolVersion.Length > 0 ? request.ProtocolVersion : "\"2025-11-25\""u8);
            Append(output, ""","capabilities":{"tools":{}},"serverInfo":"""u8);
            Append(output, ServerInfo);
            Append(output, "}}"u8);
        }
        else if (request.Method.SequenceEqual("server/discover"u8))
        {
            Append(output, """{"supportedVersions":["2026-07-28"],"capabilities":{"tools":{}},"resultType":"complete","_meta":{"io.modelcontextprotocol/serverInfo":"""u8);
            Append(output, ServerInfo);
            Append(output, "}}}"u8);
        }
        else
        {
            Append(output, "{}}"u8);
        }

        Append(output, "\n"u8);
        return true;
    }

    private static bool IsKnown(ReadOnlySpan<byte> method) =>
        method.SequenceEqual("tools/call"u8) || method.SequenceEqual("tools/list"u8) || method.SequenceEqual("initialize"u8)
        || method.SequenceEqual("server/discover"u8) || method.SequenceEqual("ping"u8);

    private static Request Scan(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        var request = default(Request);
        string? property = null;
        var inArguments = false;
        var inParams = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.CurrentDepth switch
                    {
                        1 when reader.ValueTextEquals("id"u8) => "id",
                        1 when reader.ValueTextEquals("method"u8) => "method",
                        1 when reader.ValueTextEquals("params"u8) => "params",
                        2 when inParams && reader.ValueTextEquals("arguments"u8) => "arguments",
                        2 when inParams && reader.ValueTextEquals("protocolVersion"u8) => "protocolVersion",
                        2 when inParams && reader.ValueTextEquals("_meta"u8) => "_meta",
                        3 when inArguments && reader.ValueTextEquals("text"u8) => "text",
                        _ => null,
                    };
                    break;
                case JsonTokenType.StartObject:
                    if (reader.CurrentDepth == 1 && property == "params")
                    {
                        inParams = true;
                    }
                    else if (reader.CurrentDepth == 2 && inParams && property == "arguments")
                    {
                        inArguments = true;
                    }
                    else if (reader.CurrentDepth > 0)
                    {
                        // Nothing below here is read: _meta, capabilities, clientInfo, nested argument objects.
                        request.PerRequest |= reader.CurrentDepth == 2 && property == "_meta";
                        reader.Skip();
                    }

                    property = null;
                    break;
                case JsonTokenType.StartArray:
                    reader.Skip();
                    property = null;
                    break;
                case JsonTokenType.String or JsonTokenType.Number:
                    var raw = line[(int)reader.TokenStartIndex..(int)reader.BytesConsumed];
                    switch (property)
                    {
                        case "id":
                            request.Id = raw;
                            break;
                        case "method":
                            request.Method = raw[1..^1];
                            break;
                        case "protocolVersion":
                            request.ProtocolVersion = raw;
                            break;
                        case "text":
                            request.Text = raw;
                            break;
                    }

                    property = null;
                    break;
                default:
                    property = null;
                    break;
            }
        }

        return request;
    }

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private ref struct Request
    {
        public ReadOnlySpan<byte> Id;
        public ReadOnlySpan<byte> Method;
        public ReadOnlySpan<byte> ProtocolVersion;
        public ReadOnlySpan<byte> Text;
        public bool PerRequest;
    }
}

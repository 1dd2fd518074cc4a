using System.Buffers.Binary;
using System.Text;

namespace Platform.Tracing.Tests;

/// <summary>A span as an OTLP receiver sees it: hex ids, the exporting service's name, string-valued attributes.</summary>
public sealed record ReceivedSpan(
    string Service,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    // OTLP's SpanKind numbers (opentelemetry-proto trace/v1/trace.proto).
    public const int Server = 2;
    public const int Client = 3;
    public const int Producer = 4;
    public const int Consumer = 5;
}

/// <summary>
/// Decodes an OTLP/HTTP protobuf ExportTraceServiceRequest (opentelemetry-proto collector/trace/v1) with the protobuf wire
/// format alone: the generated classes' package is not in our package source, and the few fields a test reads do not
/// need them. Fields read: ResourceSpans.resource(1).attributes(1), .scope_spans(2).spans(2); Span.trace_id(1),
/// span_id(2), parent_span_id(4), name(5), kind(6), attributes(9), links(13).
/// </summary>
public static class OtlpSpanDecoder
{
    public static List<ReceivedSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var (field, resourceSpans) in Fields(request.ToArray()))
        {
            if (field != 1)
            {
                continue;
            }

            var service = "";
            var scopeSpans = new List<byte[]>();
            foreach (var (rsField, value) in Fields(resourceSpans))
            {
                if (rsField == 1)
                {
                    service = Attributes(value, 1).GetValueOrDefault("service.name", "");
                }
                else if (rsField == 2)
                {
                    scopeSpans.Add(value);
                }
            }

            foreach (var scope in scopeSpans)
            {
                spans.AddRange(Fields(scope).Where(f => f.Field == 2).Select(f => Span(service, f.Value)));
            }
        }

        return spans;
    }

    private static ReceivedSpan Span(string service, byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var links = new List<(string, string)>();
        foreach (var (field, value) in Fields(span))
        {
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(value); break;
                case 2: spanId = Convert.ToHexStringLower(value); break;
                case 4: parent = Convert.ToHexStringLower(value); break;
                case 5: name = Encoding.UTF8.GetString(value); break;
                case 6: kind = (int)BinaryPrimitives.ReadInt64LittleEndian(value); break;
                case 13:
                    var link = Fields(value).ToList();
                    links.Add((Convert.ToHexStringLower(link.First(f => f.Field == 1).Value), Convert.ToHexStringLower(link.First(f => f.Field == 2).Value)));
                    break;
            }
        }

        return new ReceivedSpan(service, traceId, spanId, parent, name, kind, Attributes(span, 9), links);
    }

    /// <summary>The KeyValue list under <paramref name="field"/>; string, int and bool values as text, others skipped.</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, keyValue) in Fields(message).Where(f => f.Field == field))
        {
            var parts = Fields(keyValue).ToList();
            var key = Encoding.UTF8.GetString(parts.First(p => p.Field == 1).Value);
            if (parts.FirstOrDefault(p => p.Field == 2).Value is not { } any)
            {
                continue;
            }

            foreach (var (kind, value) in Fields(any))
            {
                attributes[key] = kind switch
                {
                    1 => Encoding.UTF8.GetString(value),
                    2 => (BinaryPrimitives.ReadInt64LittleEndian(value) != 0).ToString(),
                    3 => BinaryPrimitives.ReadInt64LittleEndian(value).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => attributes.GetValueOrDefault(key, ""),
                };
            }
        }

        return attributes;
    }

    /// <summary>
    /// The message's fields in order: length-delimited ones as their bytes, varints and fixed-width ones as 8
    /// little-endian bytes (so every value has one shape).
    /// </summary>
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var field = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            byte[] value;
            switch (wireType)
            {
                case 0:
                    value = new byte[8];
                    BinaryPrimitives.WriteUInt64LittleEndian(value, ReadVarint(message, ref position));
                    break;
                case 1:
                    value = message[position..(position + 8)];
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    value = message[position..(position + length)];
                    position += length;
                    break;
                case 5:
                    value = new byte[8];
                    message.AsSpan(position, 4).CopyTo(value);
                    position += 4;
                    break;
                default:
                    throw new FormatException($"protobuf wire type {wireType} at byte {position} is not one OTLP uses");
            }

            yield return (field, value);
        }
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = message[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException("varint longer than 10 bytes");
    }
}

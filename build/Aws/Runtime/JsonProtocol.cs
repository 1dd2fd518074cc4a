using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;

namespace Platform.Build.Aws;

/// <summary>
/// The AWS JSON 1.1 protocol (ECS, ECR): POST of a camelCase JSON body, the operation in X-Amz-Target, timestamps as epoch seconds,
/// errors as {"__type": "...#Code", "message": "..."}. https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
/// </summary>
internal sealed class JsonProtocol(AwsTransport transport, string targetPrefix)
{
    internal static readonly JsonSerializerOptions Options = CreateOptions();

    public async Task<TResponse> CallAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse, new()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Options);
        var answer = await transport.SendAsync(
            operation, body, "application/x-amz-json-1.1", $"{targetPrefix}.{operation}",
            (status, answer, headers) => ReadError(transport.Service.DisplayName, status, answer, headers), cancellationToken);
        var response = string.IsNullOrWhiteSpace(answer.Body) ? new TResponse() : JsonSerializer.Deserialize<TResponse>(answer.Body, Options) ?? new TResponse();
        return answer.Stamp(response);
    }

    internal static AwsServiceError ReadError(string service, HttpStatusCode status, string body, HttpResponseHeaders headers)
    {
        var requestId = headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        string? type = headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null;
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.NameEquals("__type") || (type is null && property.NameEquals("code")))
                {
                    type = property.Value.GetString();
                }
                else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                {
                    message = property.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            message = body.Length <= 300 ? body.Trim() : body[..300].Trim() + "…";
        }

        // "com.amazonaws.ecs#ClusterNotFoundException" or "ClusterNotFoundException:http://..." → ClusterNotFoundException
        var code = type ?? ((int)status).ToString(CultureInfo.InvariantCulture);
        code = code[(code.LastIndexOf('#') + 1)..];
        code = code.Split(':')[0];
        return new AwsServiceError(service, code, message ?? "", status, requestId, (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipEmptyLists } },
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.Converters.Add(new ConstantClassConverterFactory());
        return options;
    }

    // Models start with empty lists for convenience; an empty list is "not set" on the wire, as with the SDK.
    // Members inherited from AWSSDK.Core's request/response bases (ResponseMetadata, HttpStatusCode) are not wire fields.
    private static void SkipEmptyLists(JsonTypeInfo info)
    {
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].AttributeProvider is System.Reflection.MemberInfo { DeclaringType: { } declaring }
                && declaring.Assembly == typeof(ConstantClass).Assembly)
            {
                info.Properties.RemoveAt(i);
            }
        }

        foreach (var property in info.Properties)
        {
            if (typeof(System.Collections.ICollection).IsAssignableFrom(property.PropertyType))
            {
                property.ShouldSerialize = (_, value) => value is System.Collections.ICollection { Count: > 0 };
            }
        }
    }

    private sealed class EpochSecondsConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
                : DateTime.UnixEpoch.AddMilliseconds(Math.Round(reader.GetDouble() * 1000));

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteNumberValue((value.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
    }

    private sealed class ConstantClassConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeof(ConstantClass).IsAssignableFrom(typeToConvert);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ConstantClassConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class ConstantClassConverter<T> : JsonConverter<T>
        where T : ConstantClass
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } value ? ConstantClassFinder<T>.Find(value) : null;

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }
}

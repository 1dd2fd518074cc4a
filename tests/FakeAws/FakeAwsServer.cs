using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.FakeAws;

/// <summary>
/// An AWS endpoint in the test process: CloudFormation and STS over the Query protocol, ECS, ECR and Secrets Manager over JSON 1.1, on one
/// Kestrel port on 127.0.0.1. Every request must carry a valid SigV4 signature made with <see cref="FakeAwsOptions"/>' keys.
/// State moves forward per call (describes), never with the wall clock.
/// </summary>
/// <example>
/// <code>
/// await using var aws = await FakeAwsServer.StartAsync();
/// aws.CloudFormation.Script("dev-platform", s => s.FailResource("AuthService", "Resource handler returned message: ..."));
/// aws.Ecs.AddService("dev-platform", "auth-service", stabiliseAfter: 3);
/// aws.ThrottleNext(2);
/// // point clients at aws.Url (AWS_ENDPOINT_URL) with aws.AccessKey / aws.SecretKey
/// </code>
/// </example>
public sealed partial class FakeAwsServer : IAsyncDisposable
{
    private const string CloudFormationXmlns = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private const string StsXmlns = "https://sts.amazonaws.com/doc/2011-06-15/";
    private const string CloudWatchXmlns = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private readonly WebApplication _app;
    private readonly List<RecordedRequest> _requests = [];
    private int _throttleRemaining;
    private int _serverErrorsRemaining;

    private FakeAwsServer(WebApplication app, FakeAwsOptions options)
    {
        _app = app;
        Options = options;
        var clock = new FakeClock();
        SecretsManager = new FakeSecretsManager(options, clock, Gate);
        S3 = new FakeS3(options, Gate);
        Ecr = new FakeEcr(options, clock, Gate);
        Ecs = new FakeEcs(options, clock, Gate, Ecr);
        Acm = new FakeAcm(options, Gate);
        Elbv2 = new FakeElbv2(options, Gate, Ecs);
        Logs = new FakeLogs(Ecs);
        CloudWatch = new FakeCloudWatch(options, clock, Gate);
        Sqs = new FakeSqs(options, Gate);
        CloudFormation = new FakeCloudFormation(options, clock, Gate, SecretsManager, S3) { World = new StackWorld(Ecs, Ecr, Elbv2) };
    }

    public FakeAwsOptions Options { get; }

    /// <summary>http://127.0.0.1:&lt;port&gt; — set it as AWS_ENDPOINT_URL (or a per-service variable).</summary>
    public string Url { get; private set; } = "";

    public string AccessKey => Options.AccessKey;

    public string SecretKey => Options.SecretKey;

    public FakeCloudFormation CloudFormation { get; }

    public FakeEcs Ecs { get; }

    public FakeEcr Ecr { get; }

    public FakeSecretsManager SecretsManager { get; }

    public FakeAcm Acm { get; }

    public FakeElbv2 Elbv2 { get; }

    public FakeLogs Logs { get; }

    public FakeCloudWatch CloudWatch { get; }

    public FakeSqs Sqs { get; }

    /// <summary>Every request received, routed or not, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (Gate)
            {
                return _requests.ToList();
            }
        }
    }

    public int RequestCount
    {
        get
        {
            lock (Gate)
            {
                return _requests.Count;
            }
        }
    }

    internal Lock Gate { get; } = new();

    /// <summary>The variables a process needs to talk to this fake (endpoint, keys, region).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = Url,
        ["AWS_ACCESS_KEY_ID"] = Options.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = Options.SecretKey,
        ["AWS_REGION"] = Options.Region,
    };

    public static async Task<FakeAwsServer> StartAsync(FakeAwsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeAwsServer(app, options ?? new FakeAwsOptions());
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    /// <summary>The next <paramref name="count"/> signed requests, whatever their service, answer the service's throttling error.</summary>
    public void ThrottleNext(int count)
    {
        lock (Gate)
        {
            _throttleRemaining = count;
        }
    }

    /// <summary>The next <paramref name="count"/> signed requests answer HTTP 500 InternalFailure.</summary>
    public void FailNextWithServerError(int count)
    {
        lock (Gate)
        {
            _serverErrorsRemaining = count;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        if (IsS3(context.Request))
        {
            await HandleS3Async(context, body, requestId);
            return;
        }

        var text = Encoding.UTF8.GetString(body);

        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var json = target.Length > 0;
        string? service = null, operation = null, region = null, xmlns = CloudFormationXmlns;
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        string answer;
        var status = 200;
        string? errorCode = null;
        try
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                throw new FakeAwsException("InvalidAction", $"{context.Request.Method} is not supported by this endpoint; AWS APIs are POSTed.", 400);
            }

            if (json)
            {
                (service, operation) = RouteTarget(target);
            }
            else
            {
                foreach (var (key, value) in QueryHelpers.ParseQuery(text))
                {
                    form[key] = value.ToString();
                }

                operation = form.GetValueOrDefault("Action");
                (service, xmlns) = form.GetValueOrDefault("Version") switch
                {
                    "2010-05-15" => ("cloudformation", CloudFormationXmlns),
                    "2011-06-15" => ("sts", StsXmlns),
                    "2010-08-01" => ("monitoring", CloudWatchXmlns),
                    "2015-12-01" => ("elasticloadbalancing", FakeElbv2.Xmlns),
                    var version => throw new FakeAwsException("InvalidAction", $"Could not find operation {operation} for version {version}", 400),
                };
                if (string.IsNullOrEmpty(operation))
                {
                    throw new FakeAwsException("MissingAction", "Missing Action", 400);
                }
            }

            region = SigV4Verifier.Verify(context.Request, body, service, Options, json, DateTime.UtcNow).Region;
            CheckInjectedFailures(json);
            answer = Dispatch(service, operation, form, json ? text : null, requestId, xmlns);
        }
        catch (FakeAwsException error)
        {
            status = error.Status;
            errorCode = error.Code;
            answer = json ? JsonWire.Error(error) : QueryWire.Error(error, xmlns, requestId);
            if (json)
            {
                context.Response.Headers["x-amzn-ErrorType"] = error.Code;
            }
        }

        lock (Gate)
        {
            _requests.Add(new RecordedRequest(service, operation, form, json ? text : null, region, errorCode));
        }

        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.ContentType = json ? "application/x-amz-json-1.1" : "text/xml";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    private static (string Service, string Operation) RouteTarget(string target)
    {
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        var prefix = dot < 0 ? target : target[..dot];
        var operation = dot < 0 ? "" : target[(dot + 1)..];
        return prefix switch
        {
            "AmazonEC2ContainerServiceV20141113" => ("ecs", operation),
            "AmazonEC2ContainerRegistry_V20150921" => ("ecr", operation),
            "secretsmanager" => ("secretsmanager", operation),
            "CertificateManager" => ("acm", operation),
            "Logs_20140328" => ("logs", operation),
            "AmazonSQS" => ("sqs", operation),
            _ => throw new FakeAwsException("UnknownOperationException", $"Unknown target {target}", 400),
        };
    }

    private void CheckInjectedFailures(bool json)
    {
        lock (Gate)
        {
            if (_throttleRemaining > 0)
            {
                _throttleRemaining--;
                throw new FakeAwsException(json ? "ThrottlingException" : "Throttling", "Rate exceeded", 400);
            }

            if (_serverErrorsRemaining > 0)
            {
                _serverErrorsRemaining--;
                throw new FakeAwsException(json ? "ServerException" : "InternalFailure", "We encountered an internal error. Please try again.", 500, senderFault: false);
            }
        }
    }

    private string Dispatch(string service, string operation, Dictionary<string, string> form, string? json, string requestId, string xmlns)
    {
        lock (Gate)
        {
            switch (service)
            {
                case "cloudformation":
                    var result = CloudFormation.Handle(operation, form);
                    return result is null ? QueryWire.Empty(operation, xmlns, requestId) : QueryWire.Result(operation, xmlns, requestId, result);
                case "sts" when operation == "GetCallerIdentity":
                    return QueryWire.Result(operation, xmlns, requestId,
                        QueryWire.E("Arn", $"arn:aws:iam::{Options.AccountId}:user/fake-aws"),
                        QueryWire.E("UserId", Options.AccessKey),
                        QueryWire.E("Account", Options.AccountId));
                case "elasticloadbalancing":
                    return QueryWire.Result(operation, xmlns, requestId, Elbv2.Handle(operation, form));
                case "sts":
                    throw new FakeAwsException("InvalidAction", $"Could not find operation {operation} for version 2011-06-15", 400);
                case "ecs":
                    return Ecs.Handle(operation, JsonWire.Parse(json!)).ToJsonString();
                case "secretsmanager":
                    return SecretsManager.Handle(operation, JsonWire.Parse(json!)).ToJsonString();
                case "logs":
                    return Logs.Handle(operation, JsonWire.Parse(json!)).ToJsonString();
                case "acm":
                    return Acm.Handle(operation, JsonWire.Parse(json!)).ToJsonString();
                case "monitoring":
                    return QueryWire.Result(operation, xmlns, requestId, CloudWatch.Handle(operation, form));
                case "sqs":
                    return Sqs.Handle(operation, JsonWire.Parse(json!)).ToJsonString();
                default:
                    return Ecr.Handle(operation, JsonWire.Parse(json!)).ToJsonString();
            }
        }
    }
}

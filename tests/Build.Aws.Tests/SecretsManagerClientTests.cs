using System.Text.Json.Nodes;
using Amazon.SecretsManager.Model;
using Platform.FakeAws;

namespace Platform.Build.Aws.Tests;

public sealed class SecretsManagerClientTests
{
    private const string Name = "dev/platform/jwt-signing-key";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetSecretValueSendsThePascalCaseSecretIdAndReadsValueVersionArnAndName()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        var arn = aws.SecretsManager.Seed(Name, "placeholder-0123456789abcdef");
        using var factory = FakeAwsClients.Create(aws);
        using var secrets = factory.CreateSecretsManager();

        var response = await secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = Name }, Ct);

        Assert.Equal("placeholder-0123456789abcdef", response.SecretString);
        Assert.Equal(arn, response.ARN);
        Assert.StartsWith($"arn:aws:secretsmanager:eu-west-1:123456789012:secret:{Name}-", response.ARN, StringComparison.Ordinal);
        Assert.Equal(Name, response.Name);
        Assert.True(Guid.TryParse(response.VersionId, out _), response.VersionId);
        // Routed by X-Amz-Target secretsmanager.GetSecretValue and signed for "secretsmanager" (the fake checks both).
        var request = aws.Requests.Single();
        Assert.Equal(("secretsmanager", "GetSecretValue", null), (request.Service, request.Operation, request.ErrorCode));
        Assert.Equal("""{"SecretId":"dev/platform/jwt-signing-key"}""", request.Json);
    }

    [Fact]
    public async Task PutSecretValueSendsValueAndAGuidTokenAndTheNewVersionBecomesCurrent()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        var arn = aws.SecretsManager.Seed(Name, "placeholder");
        using var factory = FakeAwsClients.Create(aws);
        using var secrets = factory.CreateSecretsManager();

        var put = await secrets.PutSecretValueAsync(new PutSecretValueRequest { SecretId = arn, SecretString = "new value" }, Ct);
        var read = await secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = Name }, Ct);

        var body = JsonNode.Parse(aws.Requests[0].Json!)!.AsObject();
        Assert.Equal(["SecretId", "SecretString", "ClientRequestToken"], body.Select(p => p.Key));
        Assert.Equal(arn, (string?)body["SecretId"]);
        Assert.Equal("new value", (string?)body["SecretString"]);
        var token = (string?)body["ClientRequestToken"];
        Assert.True(Guid.TryParse(token, out _), token);
        Assert.Equal((arn, Name, token), (put.ARN, put.Name, put.VersionId));
        Assert.Equal(("new value", token), (read.SecretString, read.VersionId));
        Assert.Equal(2, aws.SecretsManager.VersionCount(Name));
    }

    [Fact]
    public async Task APutRetriedAfterAServerErrorCarriesTheSameTokenSoOnlyOneVersionIsAdded()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.SecretsManager.Seed(Name, "placeholder");
        using var factory = FakeAwsClients.Create(aws);
        using var secrets = factory.CreateSecretsManager();
        aws.FailNextWithServerError(1);

        await secrets.PutSecretValueAsync(new PutSecretValueRequest { SecretId = Name, SecretString = "new value" }, Ct);

        var attempts = aws.Requests.Where(r => r.Operation == "PutSecretValue").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("ServerException", attempts[0].ErrorCode);
        Assert.Equal(attempts[0].Json, attempts[1].Json);
        Assert.Equal(2, aws.SecretsManager.VersionCount(Name));
        Assert.Equal("new value", aws.SecretsManager.Value(Name));
    }

    [Fact]
    public async Task AGivenClientRequestTokenIsSentAsItIs()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.SecretsManager.Seed(Name, "placeholder");
        using var factory = FakeAwsClients.Create(aws);
        using var secrets = factory.CreateSecretsManager();
        var token = Guid.NewGuid().ToString();
        var request = new PutSecretValueRequest { SecretId = Name, SecretString = "v2", ClientRequestToken = token };

        var first = await secrets.PutSecretValueAsync(request, Ct);
        var again = await secrets.PutSecretValueAsync(request, Ct);

        Assert.Equal((token, token), (first.VersionId, again.VersionId));
        Assert.Equal(2, aws.SecretsManager.VersionCount(Name));
    }

    [Fact]
    public async Task AMissingSecretSurfacesResourceNotFoundExceptionNamingTheService()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        using var secrets = factory.CreateSecretsManager();

        var get = await Assert.ThrowsAsync<AwsServiceError>(() => secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = Name }, Ct));
        var put = await Assert.ThrowsAsync<AwsServiceError>(() =>
            secrets.PutSecretValueAsync(new PutSecretValueRequest { SecretId = Name, SecretString = "x" }, Ct));

        Assert.Equal("Secrets Manager ResourceNotFoundException: Secrets Manager can't find the specified secret.", get.Message);
        Assert.Equal(("ResourceNotFoundException", "Secrets Manager", System.Net.HttpStatusCode.BadRequest), (get.ErrorCode, get.Service, get.StatusCode));
        Assert.Equal("ResourceNotFoundException", put.ErrorCode);
        Assert.False(get.IsThrottling);
    }

    [Fact]
    public async Task TheServiceSpecificEndpointVariableRoutesSecretsManagerAlone()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.SecretsManager.Seed(Name, "placeholder");
        using var factory = FakeAwsClients.Create(aws, environment: new Dictionary<string, string> { ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = aws.Url });
        using var secrets = factory.CreateSecretsManager();

        var response = await secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = Name }, Ct);

        Assert.Equal("placeholder", response.SecretString);
        Assert.Equal(new Uri(aws.Url), factory.EndpointFor(AwsClientFactory.SecretsManagerService));
        Assert.Equal(new Uri("https://secretsmanager.eu-west-1.amazonaws.com"), AwsEndpoints.Resolve(AwsClientFactory.SecretsManagerService, "eu-west-1", _ => null));
        Assert.Equal("secretsmanager", AwsClientFactory.SecretsManagerService.SigningName);
    }

    [Fact]
    public async Task AStackCreatedSecretHoldsAPlaceholderUnderItsSubstitutedName()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        const string template = """
            Parameters:
              EnvironmentName: {Type: String}
            Resources:
              JwtSigningKeySecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Name: !Sub ${EnvironmentName}/platform/jwt-signing-key
                  GenerateSecretString: {PasswordLength: 32, ExcludePunctuation: true}
            """;

        aws.CloudFormation.AddStack("platform-staging", "CREATE_COMPLETE", template, new Dictionary<string, string> { ["EnvironmentName"] = "staging" });

        var value = aws.SecretsManager.Value("staging/platform/jwt-signing-key");
        Assert.NotNull(value);
        Assert.Matches("^[A-Za-z0-9]{32}$", value);
        Assert.Equal(1, aws.SecretsManager.VersionCount("staging/platform/jwt-signing-key"));
    }
}

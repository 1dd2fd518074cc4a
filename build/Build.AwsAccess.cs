using System.Globalization;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using BuildCore;
using Spectre.Console;
using Platform.Build.Aws;
using Platform.Build.Deploy;

// How the deploy targets reach AWS: our small clients (build/Aws) with the region from --region and every endpoint and
// credential variable read through the build host, so in-process tests can point one build at a fake without touching the process.
partial class Build
{
    [Parameter("Milliseconds between two polls of CloudFormation or ECS while waiting.")]
    readonly int PollIntervalMilliseconds = 5000;

    DeployTiming Timing => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(PollIntervalMilliseconds),
        ProgressInterval = TimeSpan.FromMilliseconds(Math.Min(30_000, 6L * PollIntervalMilliseconds)),
        StackBudget = TimeSpan.FromSeconds(StackBudgetSeconds),
        ChangeSetBudget = TimeSpan.FromSeconds(ChangeSetBudgetSeconds),
        RolloutBudget = TimeSpan.FromSeconds(RolloutBudgetSeconds),
        Clock = DeployClock,
    };

    AwsClientFactory CreateAws() => AwsClientFactory.Create(new AwsClientOptions
    {
        Region = Region,
        Credentials = CredentialsFromEnvironment(),
        Environment = EnvironmentVariable,
        OnRetry = e => Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {e.Service} {e.Operation}: {e.Reason}; retry {e.Attempt}/{e.MaxAttempts} in {e.Delay.TotalSeconds:0.0} s")),
    });

    /// <summary>Keys in the environment (as CI sets them); null leaves the SDK's chain (profiles, SSO, web identity, roles).</summary>
    AWSCredentials? CredentialsFromEnvironment()
    {
        var accessKey = EnvironmentVariable("AWS_ACCESS_KEY_ID");
        var secretKey = EnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
            return null;
        AddSecret(secretKey);
        return EnvironmentVariable("AWS_SESSION_TOKEN") is { Length: > 0 } session
            ? new SessionAWSCredentials(accessKey, secretKey, session)
            : new BasicAWSCredentials(accessKey, secretKey);
    }

    /// <summary>Runs AWS work with its errors turned into build errors: the code and message, no stack trace.</summary>
    async Task WithAwsAsync(Func<AwsClientFactory, Task> action)
    {
        AwsClientFactory aws;
        try
        {
            aws = CreateAws();
        }
        catch (ArgumentException e)
        {
            throw new BuildException(e.Message, e);
        }

        using (aws)
        {
            try
            {
                await action(aws);
            }
            catch (AmazonServiceException e)
            {
                throw new BuildException($"AWS said: {e.Message}" + (e.ErrorCode is "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation"
                    ? " (the deploy role needs this permission: see cloudformation/github-oidc.yaml)" : ""), e);
            }
            // The SDK's own clients (STS, S3) let a refused connection through as it is.
            catch (Exception e) when (e is AmazonClientException or HttpRequestException)
            {
                throw new BuildException($"AWS could not be reached or no credentials were found: {e.Message} " +
                    "(set AWS_PROFILE, run aws sso login, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).", e);
            }
        }
    }

    /// <summary>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com, the account from STS; --registry overrides it.</summary>
    async Task<string> RegistryForAwsAsync(AwsClientFactory aws, CancellationToken cancellationToken)
    {
        if (Registry is { Length: > 0 } registry)
            return registry.TrimEnd('/');
        var identity = await CallerIdentityAsync(aws, cancellationToken);
        var ecr = $"{identity.Account}.dkr.ecr.{aws.Region}.{AwsRegion.DnsSuffix(aws.Region)}";
        Output.WriteLine($"Registry {ecr} (account {identity.Account}, as {identity.Arn})");
        return ecr;
    }

    GetCallerIdentityResponse? _callerIdentity;

    /// <summary>Who the credentials belong to, asked of STS once per run (the registry and the template bucket both need the account).</summary>
    async Task<GetCallerIdentityResponse> CallerIdentityAsync(AwsClientFactory aws, CancellationToken cancellationToken)
    {
        if (_callerIdentity is not null)
            return _callerIdentity;
        using var sts = aws.CreateSts();
        return _callerIdentity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
    }
}

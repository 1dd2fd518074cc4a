namespace BuildTests.Deploy;

/// <summary>Bad input fails before any target runs and before a single AWS request (the fake counts them).</summary>
public sealed class InputErrorTests
{
    [Fact]
    public async Task NoCertificateForAnAwsEnvironmentFailsNamingTheParameterAndWhereToSetIt()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync("DeployStack --env dev --tag abc");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Target DeployStack requires parameter AcmCertificateArn when --env is not local. Set it with --acm-certificate-arn, environment variable PLATFORM_ACM_CERTIFICATE_ARN", output);
        OutputAssert.DoesNotContain("Compile", output);
        Assert.Equal(0, harness.Aws.RequestCount);
    }

    [Theory]
    [InlineData("--region eu-west", "--region 'eu-west' is not an AWS region name")]
    [InlineData("--region EU-WEST-1", "--region 'EU-WEST-1' is not an AWS region name")]
    [InlineData("--acm-certificate-arn arn:aws:iam::123456789012:role/x", "is not an ACM certificate ARN")]
    [InlineData("--stack-name 9lives", "--stack-name '9lives' is not a stack name")]
    [InlineData("--cloud-formation-role-arn arn:aws:iam::123456789012:user/ci", "--cloud-formation-role-arn 'arn:aws:iam::123456789012:user/ci' is not an IAM role ARN")]
    [InlineData("--stack-parameters DesiredCount", "--stack-parameters 'DesiredCount' is not Key=Value")]
    [InlineData("--stack-parameters AuthImageTag=x", "--stack-parameters AuthImageTag: set by the build")]
    public async Task MalformedInputFailsBeforeAnyAwsRequest(string arguments, string expected)
    {
        await using var harness = await DeployHarness.StartAsync();
        var certificate = arguments.Contains("--acm-certificate-arn", StringComparison.Ordinal) ? "" : $"--acm-certificate-arn {DeployHarness.Certificate}";

        var (exitCode, output) = await harness.RunAsync($"DeployStack --env dev --tag abc {certificate} {arguments}");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains(expected, output);
        OutputAssert.DoesNotContain("Compile", output);
        Assert.Equal(0, harness.Aws.RequestCount);
    }

    [Fact]
    public async Task UnknownEnvironmentFailsBeforeAnyAwsRequest()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"DeployStack --env qa --acm-certificate-arn {DeployHarness.Certificate}");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Unknown environment 'qa'", output);
        Assert.Equal(0, harness.Aws.RequestCount);
    }

    [Fact]
    public async Task UnreadableTemplateFailsBeforeAnyAwsRequest()
    {
        var root = Path.Combine(Path.GetTempPath(), "build-deploy-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "cloudformation"));
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        foreach (var profile in Directory.GetFiles(Path.Combine(BuildRun.RepositoryRoot, ".nuke"), "parameters*.json"))
            File.Copy(profile, Path.Combine(root, ".nuke", Path.GetFileName(profile)));
        await File.WriteAllTextAsync(Path.Combine(root, "cloudformation", "microserviceplatform.yaml"), "Resources: [unclosed\n  Vpc: {", TestContext.Current.CancellationToken);
        try
        {
            await using var harness = await DeployHarness.StartAsync();

            var (exitCode, output) = await harness.RunAsync($"DeployStack --env dev --tag abc --acm-certificate-arn {DeployHarness.Certificate}", root);

            Assert.Equal(1, exitCode);
            OutputAssert.Contains("The template cloudformation/microserviceplatform.yaml is not valid YAML", output);
            Assert.Equal(0, harness.Aws.RequestCount);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task MissingTemplateFailsBeforeAnyAwsRequest()
    {
        var root = Path.Combine(Path.GetTempPath(), "build-deploy-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        foreach (var profile in Directory.GetFiles(Path.Combine(BuildRun.RepositoryRoot, ".nuke"), "parameters*.json"))
            File.Copy(profile, Path.Combine(root, ".nuke", Path.GetFileName(profile)));
        try
        {
            await using var harness = await DeployHarness.StartAsync();

            var (exitCode, output) = await harness.RunAsync($"Validate --env dev", root);

            Assert.Equal(1, exitCode);
            OutputAssert.Contains("The template cloudformation/microserviceplatform.yaml cannot be read", output);
            Assert.Equal(0, harness.Aws.RequestCount);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task LocalNeedsNoRegionNorCertificate()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync("Push --skip --env local --tag abc");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("Push skipped: --env local runs the images ContainerBuild put in the local Docker engine; pass --registry", output);
        Assert.Equal(0, harness.Aws.RequestCount);
    }
}

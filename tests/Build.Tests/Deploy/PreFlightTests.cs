namespace BuildTests.Deploy;

/// <summary>
/// What can be known from the command line and the template fails before anything is built or changed: in seconds, before
/// Compile, naming the parameter, the value and the rule.
/// </summary>
public sealed class PreFlightTests
{
    const string Pipeline = $"SmokeTest --env dev --tag abc1234 --acm-certificate-arn {DeployHarness.Certificate}";

    [Fact]
    public async Task ACertificateFromAnotherRegionFailsBeforeCompileNamingBothRegions()
    {
        await using var harness = await DeployHarness.StartAsync();
        const string usEast = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab";

        var (exitCode, output) = await harness.RunAsync($"SmokeTest --env dev --tag abc1234 --acm-certificate-arn {usEast} --region eu-west-1");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("--acm-certificate-arn is a certificate in us-east-1, but the stack deploys to eu-west-1 (--region): a load balancer's HTTPS listener takes a certificate from its own region only.", output);
        AssertNothingRan(harness, output);
    }

    [Theory]
    [InlineData("DesiredCount=0", "--stack-parameters DesiredCount=0: Parameter 'DesiredCount' must be a number not less than 1 (got 0; the template's MinValue).")]
    [InlineData("ScalingMaxCapacity=51", "Parameter 'ScalingMaxCapacity' must be a number not greater than 50 (got 51; the template's MaxValue).")]
    [InlineData("DesiredCount=two", "Parameter 'DesiredCount' must be a number (got 'two').")]
    [InlineData("SingleNatGateway=yes", "Parameter 'SingleNatGateway' must be one of AllowedValues: true, false (got 'yes').")]
    [InlineData("DbName=Platform", "Parameter 'DbName' must match pattern ^[a-z][a-z0-9_]{0,62}$ (got 'Platform').")]
    [InlineData("DesireCount=1", "--stack-parameters DesireCount: the template cloudformation/microserviceplatform.yaml has no parameter DesireCount. Did you mean DesiredCount?")]
    public async Task AStackParameterTheTemplateRefusesFailsBeforeCompileInCloudFormationsWords(string parameter, string expected)
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"{Pipeline} --stack-parameters {parameter}");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains(expected, output);
        AssertNothingRan(harness, output);
    }

    [Fact]
    public async Task EveryProblemIsReportedAtOnce()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"{Pipeline} --stack-parameters DesiredCount=0 SingleNatGateway=yes --stack-name 9lives");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Parameter 'DesiredCount' must be a number not less than 1", output);
        OutputAssert.Contains("Parameter 'SingleNatGateway' must be one of AllowedValues", output);
        OutputAssert.Contains("--stack-name '9lives' is not a stack name", output);
    }

    [Fact]
    public async Task AParameterNoTargetOfTheRunReadsFailsNamingTheTargetsThatDo()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync("ForceRedeploy --env dev --skip --stack-parameters JwtKeyId=platform-2");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("--stack-parameters is read only by DeployStack, Push, Promote, and this run skips DeployStack, Push: remove --stack-parameters, or run DeployStack.", output);
        AssertNothingRan(harness, output);
    }

    [Fact]
    public async Task AFlagForATargetThatIsNotPlannedFailsToo()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync("DeployStack --skip --env dev --force --acm-certificate-arn " + DeployHarness.Certificate);

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("--force is read only by ForceRedeploy, and this run does not run it: remove --force, or run ForceRedeploy.", output);
    }

    [Fact]
    public async Task ACertificateAcmHasNotIssuedFailsBeforeCompile()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.Acm.AddCertificate(DeployHarness.Certificate, status: "PENDING_VALIDATION");

        var (exitCode, output) = await harness.RunAsync(Pipeline);

        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"--acm-certificate-arn {DeployHarness.Certificate}: ACM says it is PENDING_VALIDATION, not ISSUED (finish its DNS or e-mail validation first).", output);
        OutputAssert.DoesNotContain("── Compile", output);
        Assert.Equal(["DescribeCertificate"], harness.Aws.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task ACertificateExpiringWithinTwoWeeksFailsBeforeCompile()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.Acm.AddCertificate(DeployHarness.Certificate, notAfter: DateTime.UtcNow.AddDays(5));

        var (exitCode, output) = await harness.RunAsync(Pipeline);

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("days; the deploy wants at least 14): renew it or pass a newer one.", output);
        OutputAssert.DoesNotContain("── Compile", output);
    }

    [Fact]
    public async Task ACertificateAcmDoesNotKnowFailsBeforeCompile()
    {
        await using var harness = await DeployHarness.StartAsync();
        const string unknown = "arn:aws:acm:eu-west-1:123456789012:certificate/ffffffff-aaaa-bbbb-cccc-1234567890ab";

        var (exitCode, output) = await harness.RunAsync($"SmokeTest --env dev --tag abc1234 --acm-certificate-arn {unknown}");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"--acm-certificate-arn {unknown}: ACM has no such certificate in this account and region", output);
        OutputAssert.DoesNotContain("── Compile", output);
    }

    static void AssertNothingRan(DeployHarness harness, string output)
    {
        OutputAssert.DoesNotContain("── Compile", output);
        OutputAssert.DoesNotContain("── Validate", output);
        Assert.Equal(0, harness.Aws.RequestCount);
    }
}

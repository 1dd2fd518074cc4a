namespace BuildTests.Deploy;

/// <summary>Validate asks CloudFormation whenever it can, and never says yes when it could not ask.</summary>
public sealed class ValidateTests
{
    [Fact]
    public async Task WithCredentialsAndARegionButNoEnvValidateTemplateIsCalledThenTheLocalChecksRun()
    {
        await using var harness = await DeployHarness.StartAsync();
        var localChecks = 0;
        var build = new Build { TemplateTests = _ => Task.FromResult(++localChecks), NewSigningKeyPem = OneSigningKey.Make };

        var (exitCode, output) = await harness.RunAsync("Validate", build: build);

        Assert.True(exitCode == 0, output);
        Assert.Equal(1, harness.Count("ValidateTemplate"));
        Assert.Matches(@"CloudFormation ValidateTemplate \(eu-west-1\) accepts the template: \d+ parameters, capabilities CAPABILITY_NAMED_IAM\.", output);
        Assert.Equal(1, localChecks);
    }

    [Fact]
    public async Task AnUnreachableEndpointFailsValidateInsteadOfSkippingIt()
    {
        await using var harness = await DeployHarness.StartAsync();
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        harness.Environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9";
        harness.Environment["PLATFORM_POLL_INTERVAL_MILLISECONDS"] = "2";

        var (exitCode, output) = await harness.RunAsync("Validate --env dev");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("AWS could not be reached or no credentials were found", output);
        OutputAssert.DoesNotContain("skipped", output);
    }

    [Fact]
    public async Task ATemplateCloudFormationRefusesFailsValidate()
    {
        var root = Path.Combine(Path.GetTempPath(), "build-validate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "cloudformation"));
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        await File.WriteAllTextAsync(Path.Combine(root, "cloudformation", "microserviceplatform.yaml"), "Resources:\n  Thing:\n    Type: AWS::Nope\n", TestContext.Current.CancellationToken);
        try
        {
            await using var harness = await DeployHarness.StartAsync();

            var (exitCode, output) = await harness.RunAsync("Validate", root);

            Assert.Equal(1, exitCode);
            OutputAssert.Contains("Template format error: Unrecognized resource types: [AWS::Nope]", output);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

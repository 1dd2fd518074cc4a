using BuildCore;
using Platform.Build.Deploy;
using Platform.FakeAws;

namespace BuildTests.Deploy;

/// <summary>
/// Without a TemplateUrl the deployer sends the body, and then CloudFormation's 51,200-byte TemplateBody limit applies
/// ("AWS CloudFormation API Reference: CreateChangeSet"); the build says so before the request.
/// </summary>
public sealed class TemplateBodyLimitTests
{
    const string SmallTemplate = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";

    [Fact]
    public async Task TemplateWithinTheBodyLimitIsSentAsTemplateBody()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var result = await DeployWithoutUrlAsync(aws, SmallTemplate);

        Assert.Equal(StackDeployOutcome.Created, result.Outcome);
        Assert.Equal(SmallTemplate, aws.Requests.Single(r => r.Operation == "CreateChangeSet").Parameters["TemplateBody"]);
    }

    [Fact]
    public async Task TemplateOverTheBodyLimitWithoutUrlFailsNamingTheLimitBeforeAnyChangeSet()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var large = SmallTemplate + string.Concat(Enumerable.Repeat("# sent as a body, this template is too large\n", 1200));

        var error = await Assert.ThrowsAsync<BuildException>(() => DeployWithoutUrlAsync(aws, large));

        Assert.Contains("CloudFormation takes at most 51,200 bytes as a TemplateBody", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, aws.Requests.Count(r => r.Operation == "CreateChangeSet"));
    }

    static async Task<StackDeployResult> DeployWithoutUrlAsync(FakeAwsServer aws, string template)
    {
        var path = Path.Combine(Path.GetTempPath(), $"template-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, template, TestContext.Current.CancellationToken);
        try
        {
            using var factory = FakeAwsFactory.For(aws);
            using var cloudFormation = factory.CreateCloudFormation();
            var deployer = new StackDeployer(cloudFormation, TextWriter.Null, new DeployTiming { PollInterval = TimeSpan.FromMilliseconds(1) });
            return await deployer.DeployAsync(new StackDeployRequest
            {
                StackName = "body-limit",
                Template = TemplateFile.Read(path, "template.yaml"),
                Parameters = new Dictionary<string, string>(),
            }, TestContext.Current.CancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

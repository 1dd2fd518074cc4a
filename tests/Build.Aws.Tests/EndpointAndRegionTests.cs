namespace Platform.Build.Aws.Tests;

public sealed class EndpointAndRegionTests
{
    [Theory]
    [InlineData("eu-west-1")]
    [InlineData("us-gov-west-1")]
    [InlineData("cn-north-1")]
    [InlineData("ap-southeast-7")]
    public void WellFormedRegionsAreAccepted(string region) => Assert.Equal(region, AwsRegion.Validate(region));

    [Fact]
    public void MissingRegionNamesWhereToSetIt()
    {
        var error = Assert.Throws<ArgumentException>(() => AwsRegion.Validate(null));

        Assert.Contains("--region or set AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eu-west-1", "CLOUDFORMATION", "https://cloudformation.eu-west-1.amazonaws.com/")]
    [InlineData("eu-west-1", "ECR", "https://api.ecr.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", "ECS", "https://ecs.cn-north-1.amazonaws.com.cn/")]
    [InlineData("cn-northwest-1", "ECR", "https://api.ecr.cn-northwest-1.amazonaws.com.cn/")]
    public void WithoutOverridesTheRegionalEndpointOfThePartitionIsUsed(string region, string service, string expected)
    {
        var endpoint = AwsEndpoints.Resolve(Service(service), region, _ => null);

        Assert.Equal(expected, endpoint.ToString());
    }

    [Fact]
    public void ServiceVariableBeatsGlobalVariableWhichBeatsDefault()
    {
        var variables = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566", ["AWS_ENDPOINT_URL_ECR"] = "http://127.0.0.1:9999" };

        Assert.Equal("http://127.0.0.1:9999/", AwsEndpoints.Resolve(AwsServiceDefinition.Ecr, "eu-west-1", variables.GetValueOrDefault).ToString());
        Assert.Equal("http://127.0.0.1:4566/", AwsEndpoints.Resolve(AwsServiceDefinition.Ecs, "eu-west-1", variables.GetValueOrDefault).ToString());
    }

    [Fact]
    public void IgnoreConfiguredEndpointUrlsTurnsOverridesOff()
    {
        var variables = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566", ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true" };

        Assert.Equal("https://ecs.eu-west-1.amazonaws.com/", AwsEndpoints.Resolve(AwsServiceDefinition.Ecs, "eu-west-1", variables.GetValueOrDefault).ToString());
    }

    [Fact]
    public void MalformedOverrideNamesTheVariable()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            AwsEndpoints.Resolve(AwsServiceDefinition.Ecs, "eu-west-1", name => name == "AWS_ENDPOINT_URL_ECS" ? "localhost:4566" : null));

        Assert.Equal("AWS_ENDPOINT_URL_ECS", error.ParamName);
    }

    private static AwsServiceDefinition Service(string id) => id switch
    {
        "CLOUDFORMATION" => AwsServiceDefinition.CloudFormation,
        "ECR" => AwsServiceDefinition.Ecr,
        _ => AwsServiceDefinition.Ecs,
    };
}

namespace BuildCore.Tests;

public sealed class ParameterTests
{
    static TestRun WithBothProfiles() => new TestRun()
        .WithProfile("parameters.json", """{ "$schema": "./build.schema.json", "Region": "from-shared" }""")
        .WithProfile("parameters.dev.json", """{ "Region": "from-profile" }""");

    [Fact]
    public async Task FieldDefaultIsKeptWhenNothingIsSet()
    {
        using var run = new TestRun();
        var build = new ParameterBuild();

        await run.RunAsync(build, "Show");

        Assert.Equal("from-default", build.Region);
    }

    [Fact]
    public async Task SharedProfileBeatsTheDefault()
    {
        using var run = WithBothProfiles();
        var build = new ParameterBuild();

        await run.RunAsync(build, "Show");

        Assert.Equal("from-shared", build.Region);
    }

    [Fact]
    public async Task EnvironmentProfileBeatsTheSharedProfile()
    {
        using var run = WithBothProfiles();
        var build = new ParameterBuild();

        await run.RunAsync(build, "Show --env dev");

        Assert.Equal("dev", build.EnvValue);
        Assert.Equal("from-profile", build.Region);
    }

    [Fact]
    public async Task EnvironmentVariableBeatsTheProfile()
    {
        using var run = WithBothProfiles();
        run.Environment["PLATFORM_REGION"] = "from-variable";
        run.Environment["AWS_REGION"] = "from-alias";
        var build = new ParameterBuild();

        await run.RunAsync(build, "Show --env dev");

        Assert.Equal("from-variable", build.Region);
    }

    [Fact]
    public async Task AliasIsReadWhenThePrimaryVariableIsUnset()
    {
        using var run = WithBothProfiles();
        run.Environment["AWS_REGION"] = "from-alias";
        var build = new ParameterBuild();

        await run.RunAsync(build, "Show --env dev");

        Assert.Equal("from-alias", build.Region);
    }

    [Fact]
    public async Task CommandLineBeatsEverything()
    {
        using var run = WithBothProfiles();
        run.Environment["PLATFORM_REGION"] = "from-variable";
        var build = new ParameterBuild();

        await run.RunAsync(build, "Show --env dev --region from-cli");

        Assert.Equal("from-cli", build.Region);
    }

    [Fact]
    public async Task EnvironmentChosenByVariableSelectsTheProfile()
    {
        using var run = WithBothProfiles();
        run.Environment["PLATFORM_ENV"] = "dev";
        var build = new ParameterBuild();

        await run.RunAsync(build, "Show");

        Assert.Equal("from-profile", build.Region);
    }

    [Fact]
    public async Task TypedValuesAreConverted()
    {
        using var run = new TestRun().WithProfile("parameters.json", """{ "Names": ["a", "b"], "Count": 2 }""");
        var build = new ParameterBuild();

        var exitCode = await run.RunAsync(build, "Show --count 7 --verbose --mode thorough");

        Assert.Equal(0, exitCode);
        Assert.Equal(7, build.Count);
        Assert.True(build.Verbose);
        Assert.Equal(Mode.Thorough, build.Mode);
        Assert.Equal(["a", "b"], build.Names);
    }

    [Fact]
    public async Task BadValueNamesTheParameterAndItsSource()
    {
        using var run = new TestRun();
        run.Environment["PLATFORM_COUNT"] = "many";

        var exitCode = await run.RunAsync(new ParameterBuild(), "Show");

        Assert.Equal(1, exitCode);
        Assert.Contains("Parameter Count: 'many' from environment variable PLATFORM_COUNT is not a whole number.", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEnvironmentListsTheAvailableOnes()
    {
        using var run = WithBothProfiles().WithProfile("parameters.prod.json", "{}");

        var exitCode = await run.RunAsync(new ParameterBuild(), "Show --env nosuch");

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown environment 'nosuch'", run.Output, StringComparison.Ordinal);
        Assert.Contains("Available environments: dev, prod.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownParameterSuggestsTheClosest()
    {
        using var run = new TestRun();

        var exitCode = await run.RunAsync(new ParameterBuild(), "Show --regoin x");

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown parameter --regoin. Did you mean --region?", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownProfileKeySuggestsTheClosest()
    {
        using var run = new TestRun().WithProfile("parameters.json", """{ "Regon": "x" }""");

        var exitCode = await run.RunAsync(new ParameterBuild(), "Show");

        Assert.Equal(1, exitCode);
        Assert.Contains("unknown parameter \"Regon\". Did you mean Region?", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRequiredParameterFailsBeforeAnyTargetRuns()
    {
        using var run = new TestRun();
        var build = new ParameterBuild();

        var exitCode = await run.RunAsync(build, "Deploy");

        Assert.Equal(1, exitCode);
        Assert.False(build.PrepareRan);
        Assert.False(build.DeployRan);
        Assert.Contains("Target Deploy requires parameter StackName", run.Output, StringComparison.Ordinal);
        Assert.Contains("--stack-name", run.Output, StringComparison.Ordinal);
        Assert.Contains("PLATFORM_STACK_NAME", run.Output, StringComparison.Ordinal);
        Assert.Contains(".nuke/parameters.json", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequiredParameterSatisfiedLetsTheTargetRun()
    {
        using var run = new TestRun();
        var build = new ParameterBuild();

        var exitCode = await run.RunAsync(build, "Deploy --stack-name dev-platform");

        Assert.Equal(0, exitCode);
        Assert.True(build.DeployRan);
    }

    [Fact]
    public async Task ConditionalRequirementFailsWhenItsConditionHoldsAndSaysWhen()
    {
        using var run = new TestRun().WithProfile("parameters.dev.json", "{}");
        var build = new ParameterBuild();

        var exitCode = await run.RunAsync(build, "DeployRemote --env dev");

        Assert.Equal(1, exitCode);
        Assert.False(build.DeployRan);
        Assert.Contains("Target DeployRemote requires parameter StackName when --env is not local. Set it with --stack-name", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConditionalRequirementIsIgnoredWhenItsConditionDoesNotHold()
    {
        using var run = new TestRun().WithProfile("parameters.local.json", "{}");
        var build = new ParameterBuild();

        var exitCode = await run.RunAsync(build, "DeployRemote --env local");

        Assert.True(exitCode == 0, run.Output);
        Assert.True(build.DeployRan);
    }

    [Fact]
    public async Task InputCheckFailsBeforeAnyTargetRuns()
    {
        using var run = new TestRun();
        run.Environment["PLATFORM_STACK_NAME"] = "bad name";
        var build = new ParameterBuild();

        var exitCode = await run.RunAsync(build, "CheckedDeploy");

        Assert.Equal(1, exitCode);
        Assert.False(build.PrepareRan);
        Assert.False(build.DeployRan);
        Assert.Contains("--stack-name 'bad name' has a space.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputCheckPassingLetsTheTargetsRun()
    {
        using var run = new TestRun();
        var build = new ParameterBuild();

        var exitCode = await run.RunAsync(build, "CheckedDeploy --stack-name good");

        Assert.True(exitCode == 0, run.Output);
        Assert.True(build.PrepareRan);
        Assert.True(build.DeployRan);
    }

    [Fact]
    public async Task TargetsReadEnvironmentVariablesThroughTheHost()
    {
        using var run = new TestRun();
        run.Environment["SOME_VARIABLE"] = "from-the-host";

        var exitCode = await run.RunAsync(new ParameterBuild(), "ShowVariable");

        Assert.Equal(0, exitCode);
        Assert.Contains("variable: from-the-host", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void KebabCaseSplitsWordsAndAcronyms()
    {
        Assert.Equal("acm-certificate-arn", ParameterDescriptor.ToKebabCase("AcmCertificateArn"));
        Assert.Equal("aws-region", ParameterDescriptor.ToKebabCase("AWSRegion"));
        Assert.Equal("base-url", ParameterDescriptor.ToKebabCase("BaseUrl"));
    }
}

namespace BuildCore.Tests;

public sealed class SecretTests
{
    [Fact]
    public async Task HelpNeverShowsASecretDefault()
    {
        using var run = new TestRun();

        await run.RunAsync(new ParameterBuild(), "--help");

        Assert.Contains("--password", run.Output, StringComparison.Ordinal);
        Assert.Contains("(secret)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetOutputIsRedacted()
    {
        using var run = new TestRun();
        run.Environment["PLATFORM_PASSWORD"] = "s3cr3t-value";

        var exitCode = await run.RunAsync(new ParameterBuild(), "Leak");

        Assert.Equal(0, exitCode);
        Assert.Contains("the password is ***", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorMessagesAreRedacted()
    {
        using var run = new TestRun();

        var exitCode = await run.RunAsync(new ParameterBuild(), "LeakInError --password from-cli-secret");

        Assert.Equal(1, exitCode);
        Assert.Contains("login with *** refused", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("from-cli-secret", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChildProcessOutputAndCommandLineAreRedacted()
    {
        using var run = new TestRun();
        run.Environment["PLATFORM_PASSWORD"] = "child-secret";

        var exitCode = await run.RunAsync(new ParameterBuild(), "LeakFromChild");

        Assert.Equal(0, exitCode);
        Assert.Contains("child says ***", run.Output, StringComparison.Ordinal);
        Assert.Contains("> echo", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("child-secret", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanDoesNotPrintSecrets()
    {
        using var run = new TestRun();

        var exitCode = await run.RunAsync(new ParameterBuild(), "Deploy --plan --password plan-secret");

        Assert.Equal(0, exitCode);
        Assert.Contains("(missing --stack-name)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("plan-secret", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSecretValueIsNotEchoed()
    {
        using var run = new TestRun();
        run.Environment["PLATFORM_PIN"] = "12ab-secret";

        var exitCode = await run.RunAsync(new ParameterBuild(), "Show");

        Assert.Equal(1, exitCode);
        Assert.Contains("Parameter Pin: the value from environment variable PLATFORM_PIN is not a whole number.", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("12ab-secret", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretSplitAcrossWritesIsStillMasked()
    {
        var redactor = new Redactor();
        redactor.Add("abcdef");
        using var inner = new StringWriter();
        using (var writer = new RedactingWriter(inner, redactor))
        {
            writer.Write("line one\nkey=abc");
            writer.Write("def\n");
            writer.Write("tail abcdef");
        }

        Assert.Equal("line one\nkey=***\ntail ***", inner.ToString());
    }

    [Fact]
    public async Task FailingToolNamesItsCommandAndExitCode()
    {
        using var run = new TestRun();

        var exitCode = await run.RunAsync(new ParameterBuild(), "FailingChild");

        Assert.Equal(1, exitCode);
        Assert.Contains("'sh -c \"exit 3\"' exited with code 3.", run.Output, StringComparison.Ordinal);
    }
}

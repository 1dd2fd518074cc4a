using Spectre.Console;

namespace BuildCore.Tests;

internal sealed class PipelineBuild : BuildBase
{
    public List<string> Ran { get; } = [];

    Target A => _ => _.Description("First.").Executes(() => Ran.Add("A"));
    Target B => _ => _.DependsOn(A).Executes(() => Ran.Add("B"));
    Target C => _ => _.DependsOn(B).Executes(async () => { await Task.Yield(); Ran.Add("C"); });
    Target Early => _ => _.Before(A).Executes(() => Ran.Add("Early"));
    Target Late => _ => _.After(C).Executes(() => Ran.Add("Late"));
    Target Failing => _ => _.DependsOn(A).Executes(() => throw new BuildException("boom in Failing"));
    Target AfterFailing => _ => _.DependsOn(Failing).Executes(() => Ran.Add("AfterFailing"));
    Target Stopping => _ => _.DependsOn(A).Executes(() => throw new StopBuildException("waits for approval", 2));
    Target AfterStopping => _ => _.DependsOn(Stopping).Executes(() => Ran.Add("AfterStopping"));
}

internal sealed class CycleBuild : BuildBase
{
    Target X => _ => _.DependsOn(Z);
    Target Y => _ => _.DependsOn(X);
    Target Z => _ => _.DependsOn(Y);
}

internal enum Mode
{
    Fast,
    Thorough,
}

internal sealed class ParameterBuild : BuildBase
{
    [Parameter("Region to use.", Aliases = ["AWS_REGION"])]
    internal readonly string? Region = "from-default";

    [Parameter("How many.")]
    internal readonly int Count;

    [Parameter("Talk more.")]
    internal readonly bool Verbose;

    [Parameter("Mode.")]
    internal readonly Mode Mode;

    [Parameter("Names.")]
    internal readonly string[] Names = [];

    [Parameter("Stack name.")]
    internal readonly string? StackName;

    [Parameter("Password."), Secret]
    internal readonly string? Password = "default-hunter2";

    [Parameter("PIN."), Secret]
    internal readonly int Pin;

    public bool DeployRan { get; private set; }
    public bool PrepareRan { get; private set; }

    internal string? EnvValue => Env;

    Target Show => _ => _.Executes(() => { });
    Target Prepare => _ => _.Executes(() => PrepareRan = true);
    Target Deploy => _ => _.DependsOn(Prepare).Requires(() => StackName).Executes(() => DeployRan = true);
    Target DeployRemote => _ => _
        .RequiresWhen(() => Env != "local", "--env is not local", () => StackName)
        .Executes(() => DeployRan = true);
    Target CheckedDeploy => _ => _
        .DependsOn(Prepare)
        .Validates(CheckStackName)
        .Executes(() => DeployRan = true);
    void CheckStackName()
    {
        if (StackName is "bad name")
            throw new BuildException("--stack-name 'bad name' has a space.");
    }
    Target ShowVariable => _ => _.Executes(() => Output.WriteLine($"variable: {EnvironmentVariable("SOME_VARIABLE")}"));
    Target Leak => _ => _.Executes(() => Output.WriteLine($"the password is {Password}"));
    Target LeakInError => _ => _.Executes(() => throw new BuildException($"login with {Password} refused"));
    Target LeakFromChild => _ => _.Executes(async ct => await RunToolAsync("echo", ["child says", Password!], ct));
    Target FailingChild => _ => _.Executes(async ct => await RunToolAsync("sh", ["-c", "exit 3"], ct));
}

internal sealed class SlowBuild : BuildBase
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public bool AfterRan { get; private set; }

    Target Slow => _ => _.Executes(async ct =>
    {
        Started.SetResult();
        await Task.Delay(Timeout.Infinite, ct);
    });

    Target AfterSlow => _ => _.DependsOn(Slow).Executes(() => AfterRan = true);
}

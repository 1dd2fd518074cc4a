using BuildCore;

partial class Build
{
    AbsolutePath TemplateTestsProject => TestsDirectory / "Template.Tests" / "Template.Tests.csproj";

    /// <summary>The local template checks (structure, cfn-guard); tests of the build put a recording one here.</summary>
    internal Func<CancellationToken, Task>? TemplateTests { get; init; }

    Target Validate => _ => _
        .Description("Checks the CloudFormation template: CloudFormation ValidateTemplate when AWS credentials and a region resolve, then structure and cfn-guard (tests/Template.Tests).")
        .Validates(CheckTemplateReadable)
        .Executes(ct => Platform.ValidateAsync(ct));

    void CheckTemplateReadable()
    {
        CheckTemplateBucket();
        _ = Template;
    }

    async Task RunTemplateTestsAsync(CancellationToken cancellationToken)
    {
        if (TemplateTests is { } run)
        {
            await run(cancellationToken);
            return;
        }
        await EnsureTemplateToolsAsync(cancellationToken);
        await RunToolAsync("dotnet", ["test", "--project", TemplateTestsProject], cancellationToken);
    }
}

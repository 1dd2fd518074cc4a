using Amazon.CloudFormation.Model;
using Amazon.Runtime;
using BuildCore;
using Spectre.Console;

partial class Build
{
    AbsolutePath TemplateTestsProject => TestsDirectory / "Template.Tests" / "Template.Tests.csproj";

    Target Validate => _ => _
        .Description("Checks the CloudFormation template: structure and cfn-guard (tests/Template.Tests), then CloudFormation ValidateTemplate when AWS credentials resolve.")
        .Validates(CheckTemplateReadable)
        .Executes(async ct =>
        {
            if (IsLocal)
            {
                Output.WriteLine("Validate skipped: --env local does not use the CloudFormation template.");
                return;
            }

            await EnsureTemplateToolsAsync(ct);
            await RunToolAsync("dotnet", ["test", "--project", TemplateTestsProject], ct);

            if (Env is null || string.IsNullOrEmpty(Region))
            {
                Output.WriteLine("CloudFormation ValidateTemplate skipped: no --env/--region, so no AWS account to ask.");
                return;
            }
            try
            {
                await WithAwsAsync(async aws =>
                {
                    var response = await aws.CreateCloudFormation().ValidateTemplateAsync(new ValidateTemplateRequest { TemplateURL = await TemplateUrlAsync(aws, ct) }, ct);
                    Output.WriteLine($"CloudFormation accepts the template: {response.Parameters.Count} parameters, capabilities {string.Join(", ", response.Capabilities)}.");
                });
            }
            catch (BuildException e) when (e.InnerException is AmazonClientException)
            {
                // Validate is useful without an AWS account too (a fresh clone, a fork's CI): the local checks above passed.
                var reason = e.InnerException!.Message.Split('\n')[0].Trim();
                Output.WriteLine($"CloudFormation ValidateTemplate skipped: {reason} (AWS_PROFILE, aws sso login or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY enable it).");
            }
        });

    void CheckTemplateReadable()
    {
        CheckTemplateBucket();
        _ = Template;
    }
}

using Amazon.CloudFormation.Model;
using Amazon.Runtime;
using BuildCore;
using Platform.Build.Aws;
using Spectre.Console;

partial class Build
{
    /// <summary>
    /// Validate for AWS: CloudFormation's ValidateTemplate whenever credentials and a region resolve (from any source), then the
    /// local checks (tests/Template.Tests: structure and cfn-guard). "Skipped" is said only when there is nothing to ask with.
    /// </summary>
    sealed class TemplateValidation(Build build)
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await ValidateRemotelyAsync(cancellationToken);
            await build.RunTemplateTestsAsync(cancellationToken);
        }

        async Task ValidateRemotelyAsync(CancellationToken cancellationToken)
        {
            AwsClientFactory aws;
            try
            {
                aws = build.CreateAws();
            }
            catch (ArgumentException)
            {
                build.Output.WriteLine("CloudFormation ValidateTemplate skipped: no AWS region (set --region, AWS_REGION or a profile's region).");
                return;
            }

            using (aws)
            {
                if (!await aws.HasCredentialsAsync())
                {
                    build.Output.WriteLine("CloudFormation ValidateTemplate skipped: no AWS credentials (AWS_PROFILE, aws sso login or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY enable it).");
                    return;
                }
            }

            await build.WithAwsAsync(async client =>
            {
                using var cloudFormation = client.CreateCloudFormation();
                var response = await cloudFormation.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateURL = await build.TemplateUrlAsync(client, cancellationToken) }, cancellationToken);
                var capabilities = response.Capabilities is { Count: > 0 } needed ? $"capabilities {string.Join(", ", needed)}" : "no capabilities needed";
                build.Output.WriteLine($"CloudFormation ValidateTemplate ({client.Region}) accepts the template: {response.Parameters?.Count ?? 0} parameters, {capabilities}.");
            });
        }
    }
}

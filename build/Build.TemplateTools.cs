using BuildCore;
using Spectre.Console;

// cfn-guard and AWS Control Tower's rules come from npm (cloudformation/package.json pins them); the template
// checks in Test and Validate need them, so a fresh clone gets them without a separate set-up step.
partial class Build
{
    AbsolutePath CloudFormationDirectory => RootDirectory / "cloudformation";

    AbsolutePath TemplateFile => CloudFormationDirectory / "microserviceplatform.yaml";

    async Task EnsureTemplateToolsAsync(CancellationToken cancellationToken)
    {
        var lockFile = new FileInfo(CloudFormationDirectory / "package-lock.json");
        // npm ci writes node_modules/.package-lock.json; when it is older than the lock file the pins changed.
        var installed = new FileInfo(CloudFormationDirectory / "node_modules" / ".package-lock.json");
        if (installed.Exists && installed.LastWriteTimeUtc >= lockFile.LastWriteTimeUtc)
            return;

        Output.WriteLine("Installing cfn-guard and the Control Tower rules (npm ci --prefix cloudformation)...");
        try
        {
            await RunToolAsync("npm", ["ci", "--prefix", CloudFormationDirectory, "--no-audit", "--no-fund"], cancellationToken);
        }
        catch (BuildException e) when (e is not ToolFailedException)
        {
            throw new BuildException($"The template checks need Node.js and npm (https://nodejs.org): {e.Message}", e);
        }
    }
}

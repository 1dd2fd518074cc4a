namespace BuildTests.Deploy;

/// <summary>A repository root of its own (the .nuke profiles and one template) for runs that need a different template.</summary>
internal sealed class ScratchRoot : IDisposable
{
    ScratchRoot(string path) => Path = path;

    public string Path { get; }

    public string TemplateFile => System.IO.Path.Combine(Path, "cloudformation", "microserviceplatform.yaml");

    public static async Task<ScratchRoot> WithTemplateAsync(string template)
    {
        var root = new ScratchRoot(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "build-deploy-tests", Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(System.IO.Path.Combine(root.Path, "cloudformation"));
        Directory.CreateDirectory(System.IO.Path.Combine(root.Path, ".nuke"));
        foreach (var profile in Directory.GetFiles(System.IO.Path.Combine(BuildRun.RepositoryRoot, ".nuke"), "parameters*.json"))
            File.Copy(profile, System.IO.Path.Combine(root.Path, ".nuke", System.IO.Path.GetFileName(profile)));
        await File.WriteAllTextAsync(root.TemplateFile, template, TestContext.Current.CancellationToken);
        return root;
    }

    /// <summary>A root of its own with the repository's template, so what a run writes to artifacts/ is that test's.</summary>
    public static async Task<ScratchRoot> WithRepositoryTemplateAsync() =>
        await WithTemplateAsync(await File.ReadAllTextAsync(System.IO.Path.Combine(BuildRun.RepositoryRoot, "cloudformation", "microserviceplatform.yaml"), TestContext.Current.CancellationToken));

    /// <summary>The repository's template followed by comment lines, so it parses the same but weighs <paramref name="bytes"/> at least.</summary>
    public static async Task<string> PaddedTemplateAsync(int bytes)
    {
        var template = await File.ReadAllTextAsync(System.IO.Path.Combine(BuildRun.RepositoryRoot, "cloudformation", "microserviceplatform.yaml"), TestContext.Current.CancellationToken);
        var line = "# padding: a template this large must reach CloudFormation through S3" + Environment.NewLine;
        var padding = new System.Text.StringBuilder(template);
        while (padding.Length < bytes)
            padding.Append(line);
        return padding.ToString();
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

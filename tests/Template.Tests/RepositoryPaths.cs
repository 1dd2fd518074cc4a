namespace Platform.Template.Tests;

/// <summary>Locations in the repository, found from the test binary upwards (the folder holding Platform.slnx).</summary>
public static class RepositoryPaths
{
    static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;
    public static string CloudFormationDirectory => Path.Combine(Root, "cloudformation");
    public static string TemplateFile => Path.Combine(CloudFormationDirectory, "microserviceplatform.yaml");
    public static string WaiversFile => Path.Combine(CloudFormationDirectory, "guard-waivers.yaml");

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.slnx")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No Platform.slnx above {AppContext.BaseDirectory}: run the tests from inside the repository.");
    }
}

namespace Platform.Build.Local.Tests;

internal static class RepositoryPaths
{
    /// <summary>The directory holding Platform.slnx, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Template => Path.Combine(Root, "cloudformation", "microserviceplatform.yaml");

    public static string GatewaySettings => Path.Combine(Root, "services", "local-gateway", "appsettings.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.slnx not found above " + AppContext.BaseDirectory);
    }
}
